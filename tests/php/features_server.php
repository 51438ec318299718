<?php
// The PHP peer of tests/tests/php_features.rs: ext/soap's SoapServer loaded
// with tests/php/features/calls.wsdl, speaking the SOAP version in env
// FEATURES_SOAP ("11" or "12"). It reads the Session input header block
// (SoapServer calls the handler method named after the block), answers
// with a Usage output header block, and throws a SoapFault whose detail is
// a DialError for a call to 486. Served by `php -S` (this file as router).

class Calls {
    private ?string $token = null;
    private SoapServer $server;
    function __construct(SoapServer $server) { $this->server = $server; }

    // The Session header block.
    function Session($session) { $this->token = $session->token; }

    function Dial($dial) {
        if ($this->token !== 'tok-' . $dial->from) {
            throw new SoapFault('Client', 'bad session ' . var_export($this->token, true));
        }
        if ($dial->to === '486') {
            // The detail encoded as the declared fault's element.
            throw new SoapFault('Server', 'busy here', null, ['code' => 486, 'reason' => 'Busy Here'], 'DialError');
        }
        $this->server->addSoapHeader(new SoapHeader('urn:pbx-soap:calls', 'Usage', ['calls' => 3, 'limit' => 10]));
        return ['callId' => "call-{$dial->from}-{$dial->to}"];
    }

    function Hangup($hangup) {
        return ['ended' => $this->token !== null && str_starts_with($hangup->callId, 'call-')];
    }
}

$version = getenv('FEATURES_SOAP') === '12' ? SOAP_1_2 : SOAP_1_1;
$server = new SoapServer(__DIR__ . '/features/calls.wsdl', ['soap_version' => $version, 'cache_wsdl' => WSDL_CACHE_NONE]);
$server->setObject(new Calls($server));
$server->handle(file_get_contents('php://input'));
