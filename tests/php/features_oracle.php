<?php
// SoapClient's requests for tests/php/features/calls.wsdl, captured by
// overriding __doRequest (nothing is sent): Dial and Hangup with a Session
// header block, in SOAP 1.1 and SOAP 1.2. Prints a JSON list of
// {"version", "operation", "envelope", "action", "content_version"}.

class Capture extends SoapClient {
    public ?array $last = null;
    function __doRequest($request, $location, $action, $version, $one_way = 0): ?string {
        $this->last = ['envelope' => $request, 'action' => $action, 'content_version' => $version];
        throw new RuntimeException('captured');
    }
}

$out = [];
foreach (['11' => SOAP_1_1, '12' => SOAP_1_2] as $name => $version) {
    $client = new Capture(__DIR__ . '/features/calls.wsdl', ['soap_version' => $version, 'cache_wsdl' => WSDL_CACHE_NONE]);
    $client->__setSoapHeaders([new SoapHeader('urn:pbx-soap:calls', 'Session', ['token' => 'tok-201'])]);
    foreach ([['Dial', ['from' => '201', 'to' => '202']], ['Hangup', ['callId' => 'call-201-202']]] as [$op, $args]) {
        $client->last = null;
        try { $client->__soapCall($op, [$args]); } catch (Throwable $e) {}
        $out[] = ['version' => $name, 'operation' => $op] + ($client->last ?? []);
    }
}
echo json_encode($out, JSON_UNESCAPED_SLASHES);
