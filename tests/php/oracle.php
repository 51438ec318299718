<?php
// The request oracle: for every case of a vendor, the request envelope PHP's
// SoapClient builds for the same call on the same WSDL, captured by
// overriding __doRequest (nothing is sent). Prints a JSON list of
// {"operation", "args", "envelope", "differs"}; "differs" is the case's
// "oracle_differs": why the client's request is expected to differ.
// Usage: php oracle.php WSDL CASES.json
require __DIR__ . '/common.php';

class Capture extends SoapClient {
    public ?string $last = null;
    function __doRequest($request, $location, $action, $version, $one_way = 0): ?string {
        $this->last = $request;
        throw new RuntimeException('captured');
    }
}

$client = new Capture($argv[1], ['cache_wsdl' => WSDL_CACHE_NONE, 'features' => SOAP_SINGLE_ELEMENT_ARRAYS]);
$out = [];
foreach (load_cases($argv[2]) as $op => $cases) {
    foreach ($cases as $case) {
        $client->last = null;
        try { $client->__soapCall($op, php_value($case['args'])); } catch (Throwable $e) {}
        $out[] = ['operation' => $op, 'args' => $case['args'], 'envelope' => $client->last,
                  'differs' => $case['oracle_differs'] ?? null];
    }
}
echo json_encode($out, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
