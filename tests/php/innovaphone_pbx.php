<?php
// A small innovaphone PBX on PHP's SoapServer and wsdl/innovaphone/pbx10_00.wsdl
// for the session test: Initialize, Poll delivering the initial user list
// in two parts (ended by a UserInfo with empty cn) and then the CallInfo
// of a call placed with UserCall, UserInitialize, UserCall, End. State
// lives in a JSON file (env PEER_STATE), locked, as php -S runs several
// workers.

function user_info(string $cn, string $e164): array {
    return ['active' => $cn !== '', 'cn' => $cn, 'dn' => $cn, 'type' => $cn === '' ? '' : 'ep', 'e164' => $e164,
            'h323' => '', 'state' => $cn === '' ? 0 : 1, 'channel' => 0, 'alert' => 0, 'guid' => $cn === '' ? '' : "g-$cn"];
}

class Pbx {
    private function with_state(callable $f) {
        $fp = fopen(getenv('PEER_STATE'), 'c+');
        flock($fp, LOCK_EX);
        $state = json_decode(stream_get_contents($fp) ?: '{}', true) ?? [];
        [$state, $result] = $f($state);
        ftruncate($fp, 0); rewind($fp); fwrite($fp, json_encode($state)); fflush($fp);
        flock($fp, LOCK_UN); fclose($fp);
        return $result;
    }
    private function session_ok($s, array $state): bool { return ($state['session'] ?? null) === $s && $s === 17; }

    function Initialize($user, $appl, $v, $v501, $v700, $v800, $vx1000) {
        if (!($v && $v501 && $v700 && $v800 && $vx1000)) { return ['return' => 0, 'key' => 0]; }
        return $this->with_state(fn($st) => [['session' => 17, 'user' => $user, 'polls' => 0, 'calls' => []],
                                             ['return' => 17, 'key' => 99]]);
    }
    function Poll($session) {
        return $this->with_state(function ($st) use ($session) {
            if (!$this->session_ok($session, $st)) { throw new SoapFault('Server', 'no such session'); }
            $n = $st['polls']++;
            $users = match ($n) {
                0 => [user_info('Alice', '201'), user_info('Bob', '202')],
                1 => [user_info('Carol', '203'), user_info('', '')],
                default => [],
            };
            $calls = $n >= 2 ? $st['calls'] : [];
            if ($n >= 2) { $st['calls'] = []; }
            return [$st, ['user' => $users, 'call' => $calls]];
        });
    }
    function UserInitialize($session, $user, $xfer, $disc, $hw) {
        return $this->with_state(fn($st) => [$st, ($this->session_ok($session, $st) && $user === 'Alice') ? 42 : 0]);
    }
    function UserCall($user, $cn, $e164, $h323, $reg, $info, $rc, $srce164) {
        return $this->with_state(function ($st) use ($user, $e164) {
            if ($user !== 42) { return [$st, 0]; }
            $st['calls'][] = ['user' => 42, 'call' => 7003, 'reg' => 0, 'active' => true, 'state' => 0x84,
                              'No' => [['type' => 'peer', 'cn' => '', 'dn' => '', 'e164' => $e164, 'h323' => '']],
                              'msg' => 'x-alert', 'info' => []];
            return [$st, 7003];
        });
    }
    function End($session) {
        $this->with_state(function ($st) use ($session) {
            if ($this->session_ok($session, $st)) { $st['session'] = null; $st['ended'] = true; }
            return [$st, null];
        });
    }
}

$server = new SoapServer(dirname(__DIR__, 2) . '/wsdl/innovaphone/pbx10_00.wsdl', ['cache_wsdl' => WSDL_CACHE_NONE]);
$server->setObject(new Pbx());
$server->handle(file_get_contents('php://input'));
