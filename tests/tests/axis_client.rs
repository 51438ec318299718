//! Apache Axis 1.4 as a client of our server: the stubs Axis's WSDL2Java
//! generates from `wsdl/brekeke/userimpl.wsdl` and `wsdl/sipxconfig/*.wsdl`
//! (built by `tests/axis/Build.java`) call every case of
//! `tests/php/cases/` on the scenarios' `Peer`s served by `rt::server`
//! (`tests/axis/src/pbxsoap/axis/AxisClient.java`). The `Peer`s check that
//! the arguments arrive as the case has them (Axis sends rpc/encoded
//! structs and arrays as `href` multi-references) and answer its result,
//! which the Java side compares with the case's. The cases our server is
//! expected to answer otherwise say why (`server_differs`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::time::Duration;

use pbx_soap::rt::server::RunningServer;
use pbx_soap_tests::axis_peer::AxisBuild;
use pbx_soap_tests::php_peer::php_file;
use pbx_soap_tests::scenarios::{brekeke, sipxconfig};

/// One service to call: the stub of `locator`'s `port` against `endpoint`,
/// with the cases of `cases`.
struct Calls<'a> {
    locator: String,
    port: &'a str,
    endpoint: String,
    cases: PathBuf,
}

/// Runs `AxisClient` (one JVM) over `services`; panics listing every case
/// whose outcome is not the expected one.
async fn axis_calls(services: &[Calls<'_>]) {
    let work = std::env::temp_dir().join(format!(
        "pbx-soap-axis-client-{}-{}",
        std::process::id(),
        services[0].port
    ));
    std::fs::create_dir_all(&work).unwrap();
    let mut java = AxisBuild::get().java("pbxsoap.axis.AxisClient");
    for s in services {
        java.args([s.locator.as_str(), s.port, s.endpoint.as_str()]).arg(&s.cases);
    }
    java.current_dir(&work);
    let mut command = tokio::process::Command::from(java);
    command.kill_on_drop(true);
    let out = tokio::time::timeout(Duration::from_secs(180), command.output())
        .await
        .expect("AxisClient did not finish within 180 s")
        .expect("cannot run java");
    let _ = std::fs::remove_dir_all(&work);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "AxisClient failed: {}\n{stdout}", String::from_utf8_lossy(&out.stderr));
    let json = stdout.lines().last().unwrap_or_default();
    let list: serde_json::Value =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("AxisClient printed no JSON ({e}): {stdout}"));
    let mut failures = Vec::new();
    for case in list.as_array().expect("a list") {
        let (op, ok, got) = (&case["operation"], case["ok"] == true, &case["got"]);
        match case["server_differs"].as_str() {
            None if !ok => failures.push(format!("{op} {}: Axis got {got}", case["args"])),
            None => {}
            Some(reason) => println!("{op} {}: answered otherwise ({got}): {reason}", case["args"]),
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

fn endpoint(server: &RunningServer, port: &str) -> String {
    server.endpoint(port).expect("mounted")
}

#[tokio::test]
async fn axis_stubs_call_every_brekeke_operation_on_our_server() {
    let peer = brekeke::Peer::default();
    let server = peer.serve().await;
    let calls = Calls {
        locator: "pbxsoap.brekeke.stub.UserImplServiceLocator".to_owned(),
        port: "UserImpl",
        endpoint: endpoint(&server, "UserImpl"),
        cases: php_file("cases/brekeke.json"),
    };
    axis_calls(&[calls]).await;
    // Axis, unlike PHP, calls the one-part createUser overload too.
    peer.served.assert_every_operation(&server);
}

#[tokio::test]
async fn axis_stubs_call_every_sipxconfig_operation_on_our_server() {
    let peer = sipxconfig::Peer::default();
    let server = peer.serve().await;
    let services = [
        ("user", "UserService"),
        ("callgroup", "CallGroupService"),
        ("parkorbit", "ParkOrbitService"),
        ("permission", "PermissionService"),
        ("phone", "PhoneService"),
        ("test", "TestService"),
    ];
    let calls: Vec<Calls<'_>> = services
        .into_iter()
        .map(|(package, port)| Calls {
            locator: format!("pbxsoap.sipx.{package}.ConfigImplServiceLocator"),
            port,
            endpoint: endpoint(&server, port),
            cases: php_file(&format!("cases/sipxconfig/{}.json", stem(package))),
        })
        .collect();
    axis_calls(&calls).await;
    peer.served.assert_every_operation(&server);
}

/// The cases file of a sipXconfig package (`callgroup` -> `call_group`).
fn stem(package: &str) -> &str {
    match package {
        "callgroup" => "call_group",
        "parkorbit" => "park_orbit",
        other => other,
    }
}
