<?php
// Shared by the PHP peer (peer.php) and the request oracle (oracle.php):
// reading the cases file of a vendor and turning its JSON values into the
// PHP values ext/soap takes and gives.
//
// Cases file: {"Operation": {"args": [...], "result": ...}, ...}; an
// operation that is overloaded (same name, other parts) maps to a list of
// such cases, told apart by their number of arguments. In values,
// {"__base64": "..."} stands for binary data (JSON cannot hold it).
// The Axis peer answers from the same files
// (tests/axis/src/pbxsoap/axis/Cases.java).

function load_cases(string $path): array {
    $cases = json_decode(file_get_contents($path), true, 512, JSON_THROW_ON_ERROR);
    $out = [];
    foreach ($cases as $op => $case) {
        $out[$op] = array_is_list($case) ? $case : [$case];
    }
    return $out;
}

/// JSON value -> PHP value as ext/soap expects it.
function php_value($v) {
    if (is_array($v)) {
        if (array_key_exists('__base64', $v) && count($v) === 1) {
            return base64_decode($v['__base64'], true);
        }
        $r = [];
        foreach ($v as $k => $x) { $r[$k] = php_value($x); }
        return $r;
    }
    return $v;
}

/// A value ext/soap decoded (objects for structs) -> plain arrays.
function plain($v) {
    if (is_object($v)) { $v = get_object_vars($v); }
    if (is_array($v)) {
        $r = [];
        foreach ($v as $k => $x) { $r[$k] = plain($x); }
        return $r;
    }
    return $v;
}

/// Equal values: same keys (any order for structs, same order for lists),
/// numbers by value (xsd:long may arrive as int or float), all else strictly.
function same($a, $b): bool {
    if (is_array($a) && is_array($b)) {
        if (count($a) !== count($b)) { return false; }
        if (array_is_list($a) !== array_is_list($b)) { return false; }
        foreach ($a as $k => $x) {
            if (!array_key_exists($k, $b) || !same($x, $b[$k])) { return false; }
        }
        return true;
    }
    if ((is_int($a) || is_float($a)) && (is_int($b) || is_float($b))) { return $a == $b; }
    return $a === $b;
}

/// For messages: binary strings as base64 markers, so json_encode works.
function printable($v) {
    if (is_array($v)) { return array_map('printable', $v); }
    if (is_string($v) && preg_match('//u', $v) !== 1) { return ['__base64' => base64_encode($v)]; }
    return $v;
}
