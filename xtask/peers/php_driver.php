<?php
// Decodes a SOAP response file with PHP's ext/soap, the way a SoapClient
// loaded with the vendor's WSDL receives it: __doRequest hands back the
// bytes instead of going to the network.
// Usage: php php_driver.php <wsdl> <poll|find_user> <response.xml> <rounds>
// Prints: rounds median_ns rss_before_bytes peak_bytes records
[, $wsdl, $which, $file, $rounds] = $argv;
$rounds = (int)$rounds;

class OfflineClient extends SoapClient {
    public string $response = '';
    public function __doRequest($request, $location, $action, $version, $oneWay = false): ?string {
        return $this->response;
    }
}

function status_bytes(string $field): int {
    foreach (file('/proc/self/status') ?: [] as $line) {
        if (str_starts_with($line, $field)) {
            return (int)preg_split('/\s+/', trim($line))[1] * 1024;
        }
    }
    return 0;
}

$client = new OfflineClient($wsdl, ['cache_wsdl' => WSDL_CACHE_NONE, 'location' => 'http://127.0.0.1/', 'exceptions' => true]);
$client->response = file_get_contents($file);
$call = match ($which) {
    'poll' => fn() => count($client->Poll(0)->user),
    'find_user' => fn() => count($client->findUser(['search' => ['byUserName' => 'x']])->users->item),
};
$before = status_bytes('VmRSS:');
$times = [];
$records = 0;
for ($i = 0; $i <= $rounds; $i++) {  // round 0 warms up
    $start = hrtime(true);
    $records = $call();
    $elapsed = hrtime(true) - $start;
    if ($i > 0) {
        $times[] = $elapsed;
    }
}
sort($times);
printf("%d %d %d %d %d\n", $rounds, $times[intdiv(count($times), 2)], $before, status_bytes('VmHWM:'), $records);
