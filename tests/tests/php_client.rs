//! PHP's ext/soap as a client of our server, the reverse of the `php_*`
//! interoperability tests: PHP's SoapClient loads the WSDL our server
//! serves (`?wsdl`, whose `soap:address` points back at it) and calls every
//! case of `tests/php/cases/` with the case's arguments
//! (`tests/php/client.php`). The scenarios' `Peer`s check that the
//! arguments arrive as the case has them and answer its result, which PHP
//! compares with the case's: every operation of every vendor WSDL, faults
//! included. The cases our server is expected to answer otherwise say why
//! (`server_differs`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::time::Duration;

use pbx_soap::rt::server::RunningServer;
use pbx_soap_tests::php_peer::{php_file, require_php};
use pbx_soap_tests::scenarios::{Served, brekeke, innovaphone, monema, sipxconfig};

/// Runs `client.php` against the WSDL at `wsdl_url` with `cases`; panics
/// listing every case whose outcome is not the expected one.
async fn php_calls(wsdl_url: &str, cases: &Path) {
    require_php();
    let mut command = tokio::process::Command::new("php");
    command.arg(php_file("client.php")).arg(wsdl_url).arg(cases).kill_on_drop(true);
    let out = tokio::time::timeout(Duration::from_secs(120), command.output())
        .await
        .expect("client.php did not finish within 120 s")
        .expect("cannot run php");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "client.php failed: {}\n{stdout}", String::from_utf8_lossy(&out.stderr));
    let list: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("client.php printed no JSON ({e}): {stdout}"));
    let mut failures = Vec::new();
    for case in list.as_array().expect("a list") {
        let (op, ok, got) = (&case["operation"], case["ok"] == true, &case["got"]);
        match case["server_differs"].as_str() {
            None if !ok => failures.push(format!("{op} {}: PHP got {got}", case["args"])),
            None => {}
            // Documented in the cases file: a fault is expected instead.
            Some(reason) => {
                println!("{op} {}: answered otherwise ({got}): {reason}", case["args"]);
                if ok || got.get("faultcode").is_none() {
                    failures.push(format!("{op} {}: expected a fault ({reason}), got {got}", case["args"]));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

fn wsdl_url(server: &RunningServer, port: &str) -> String {
    format!("{}?wsdl", server.endpoint(port).expect("mounted"))
}

/// The operations no call reached with a case's arguments.
fn unserved(served: &Served, server: &RunningServer) -> Vec<String> {
    served.missing(server)
}

#[tokio::test]
async fn php_calls_every_innovaphone_operation_on_our_server() {
    let peer = innovaphone::Peer::default();
    let server = peer.serve().await;
    php_calls(&wsdl_url(&server, "pbxPort"), &php_file("cases/innovaphone.json")).await;
    assert_eq!(unserved(&peer.served, &server), Vec::<String>::new());
}

#[tokio::test]
async fn php_calls_every_monema_operation_on_our_server() {
    let peer = monema::Peer::default();
    let server = peer.serve().await;
    php_calls(&wsdl_url(&server, "pb_tamtamPort"), &php_file("cases/monema.json")).await;
    assert_eq!(unserved(&peer.served, &server), Vec::<String>::new());
}

#[tokio::test]
async fn php_calls_every_brekeke_operation_on_our_server() {
    let peer = brekeke::Peer::default();
    let server = peer.serve().await;
    php_calls(&wsdl_url(&server, "UserImpl"), &php_file("cases/brekeke.json")).await;
    // PHP's SoapClient cannot call the one-part createUser overload (see
    // the case's server_differs); every other operation was served.
    assert_eq!(unserved(&peer.served, &server), ["/pbx/services/UserImpl createUser (#7)"]);
}

#[tokio::test]
async fn php_calls_every_sipxconfig_operation_on_our_server() {
    let peer = sipxconfig::Peer::default();
    let server = peer.serve().await;
    let services = [
        ("UserService", "user"),
        ("CallGroupService", "call_group"),
        ("ParkOrbitService", "park_orbit"),
        ("PermissionService", "permission"),
        ("PhoneService", "phone"),
        ("TestService", "test"),
    ];
    for (port, stem) in services {
        php_calls(&wsdl_url(&server, port), &php_file(&format!("cases/sipxconfig/{stem}.json"))).await;
    }
    assert_eq!(unserved(&peer.served, &server), Vec::<String>::new());
}
