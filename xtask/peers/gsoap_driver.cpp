// Decodes a SOAP response file with gSOAP's generated deserialiser, the
// way a gSOAP client receives it (soap_recv_<operation>), from memory.
// Built by `cargo xtask bench-peers` with -DRESPONSE=<generated struct>,
// -DRECV=<soap_recv_ function> and -DCOUNT(r)=<records decoded>.
// Prints: rounds median_ns rss_before_bytes hwm_bytes records
#include "soapH.h"
#include "nsmap.h"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

static std::string input;
static size_t pos;

// Hands gSOAP the next slice of the input, as a socket read would.
static size_t from_memory(struct soap *, char *buf, size_t len) {
  size_t n = std::min(len, input.size() - pos);
  memcpy(buf, input.data() + pos, n);
  pos += n;
  return n;
}

static long status_kb(const char *field) {
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return 0;
  char line[256];
  long kb = 0;
  size_t n = strlen(field);
  while (fgets(line, sizeof line, f))
    if (!strncmp(line, field, n)) kb = atol(line + n);
  fclose(f);
  return kb;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s <response.xml> <rounds>\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  std::stringstream ss;
  ss << file.rdbuf();
  input = ss.str();
  int rounds = atoi(argv[2]);
  long before = status_kb("VmRSS:");
  struct soap *soap = soap_new1(SOAP_C_UTFSTRING);
  soap->frecv = from_memory;
  std::vector<long long> times;
  long records = -1;
  for (int i = 0; i <= rounds; i++) {  // round 0 warms up
    pos = 0;
    auto start = std::chrono::steady_clock::now();
    RESPONSE r;
    if (RECV(soap, r) != SOAP_OK) {
      soap_print_fault(soap, stderr);
      return 1;
    }
    records = COUNT(r);
    soap_destroy(soap);
    soap_end(soap);
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
    if (i > 0) times.push_back(ns);
  }
  soap_free(soap);
  std::sort(times.begin(), times.end());
  printf("%d %lld %ld %ld %ld\n", rounds, times[times.size() / 2], before * 1024, status_kb("VmHWM:") * 1024, records);
  return 0;
}
