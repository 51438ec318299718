<?php
// PHP's SoapClient as a client of our server (the reverse of peer.php):
// loads the WSDL our server serves (WSDL_URL, its ?wsdl address, whose
// soap:address points back at the server), calls every case of the cases
// file with the case's arguments and compares the answer, or the fault,
// with the case's. Prints a JSON list of {"operation", "args", "ok", "got",
// "server_differs"}; "server_differs" is the case's, why our server is
// expected to answer otherwise.
// Usage: php client.php WSDL_URL CASES.json
require __DIR__ . '/common.php';

$client = new SoapClient($argv[1], ['cache_wsdl' => WSDL_CACHE_NONE, 'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
                                    'exceptions' => true, 'connection_timeout' => 20]);
/// Struct members that are null or an empty list left out: an element the
/// answer does not carry decodes as null (or as no member) in PHP, and our
/// server leaves out what is None and optional lists that are empty (the
/// mapping reads absent, nil and empty alike). List items are kept.
function present($v) {
    if (!is_array($v)) { return $v; }
    $r = [];
    foreach ($v as $k => $x) {
        $x = present($x);
        if (!array_is_list($v) && ($x === null || $x === [])) { continue; }
        $r[$k] = $x;
    }
    return $r;
}

$out = [];
foreach (load_cases($argv[2]) as $op => $cases) {
    foreach ($cases as $case) {
        $fault = $case['fault'] ?? null;
        try {
            $got = plain($client->__soapCall($op, php_value($case['args'])));
            $want = php_value($case['result'] ?? null);
            $ok = $fault === null && same(present($got), present($want));
        } catch (SoapFault $f) {
            $detail = isset($f->detail) ? plain($f->detail) : null;
            // A detail element's text (Axis's <hostname>) or a string detail.
            $text = is_array($detail) ? implode('', array_filter($detail, 'is_string')) : $detail;
            $got = ['faultcode' => $f->faultcode, 'faultstring' => $f->faultstring, 'detail' => $detail];
            $code = preg_replace('/^[^:]*:/', '', $f->faultcode);
            $ok = $fault !== null && $code === $fault['code'] && $f->faultstring === $fault['string']
                && $text === ($fault['detail'] ?? null);
        }
        $out[] = ['operation' => $op, 'args' => $case['args'], 'ok' => $ok, 'got' => printable($got),
                  'server_differs' => $case['server_differs'] ?? null];
    }
}
echo json_encode($out, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PARTIAL_OUTPUT_ON_ERROR);
