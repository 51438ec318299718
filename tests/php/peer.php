<?php
// The PHP peer: a SoapServer loaded with a vendor's WSDL (env PEER_WSDL)
// answering every operation from the cases file (env PEER_CASES). It checks
// that the arguments it received are the case's, and answers the case's
// result; other arguments get a SoapFault('Client', ...) whose detail is
// what arrived. Served by `php -S` (this file as router).
require __DIR__ . '/common.php';

class Peer {
    private array $cases;
    function __construct(array $cases) { $this->cases = $cases; }
    function __call($name, $args) {
        $candidates = $this->cases[$name] ?? null;
        if ($candidates === null) {
            throw new SoapFault('Server', "no case for operation $name");
        }
        $got = plain($args);
        foreach ($candidates as $case) {
            if (same($got, php_value($case['args']))) {
                if (array_key_exists('fault', $case)) {
                    $f = $case['fault'];
                    throw new SoapFault($f['code'], $f['string'], null, $f['detail'] ?? null);
                }
                return php_value($case['result'] ?? null);
            }
        }
        throw new SoapFault('Client', "unexpected arguments for $name", null, json_encode(printable($got), JSON_UNESCAPED_UNICODE));
    }
}

// SOAP_SINGLE_ELEMENT_ARRAYS: a repeated element is an array even with one
// item (PHP's default makes that one item a plain value).
// WSDL_CACHE_MEMORY: php -S workers live on, so each parses the WSDL once.
$server = new SoapServer(getenv('PEER_WSDL'), ['cache_wsdl' => WSDL_CACHE_MEMORY, 'features' => SOAP_SINGLE_ELEMENT_ARRAYS]);
$server->setObject(new Peer(load_cases(getenv('PEER_CASES'))));
$server->handle(file_get_contents('php://input'));
