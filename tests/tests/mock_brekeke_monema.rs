//! The Brekeke and Monema mocks through their generated clients and
//! helpers: every operation, click-to-call over SOAP and the 3PCC URL,
//! calls with the outcome the test chose, the fax reassembled from its
//! chunks and checked.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::brekeke::{CallType, ClickToCall, UserImpl};
use pbx_soap::mock::brekeke::{self, Channel};
use pbx_soap::mock::monema::{self, Account};
use pbx_soap::monema::*;
use pbx_soap::rt::{Error, SoapClient};

fn user_exception(err: &Error, needle: &str) -> bool {
    matches!(err, Error::Fault(f) if f.code.ends_with("Server.userException") && f.string.contains(needle))
}

#[tokio::test]
async fn brekeke_every_operation_and_the_3pcc_url() {
    let pbx = brekeke::MockPbx::start().await.unwrap();
    let control = pbx.control();
    let api = UserImpl::new(SoapClient::new(pbx.url()).unwrap());

    // The vendor's sample, and the same over 3PCC with several callees.
    let answer =
        api.call_control("4005".into(), "4005".into(), vec!["4007".into()], "2".into()).await.unwrap();
    assert_eq!(answer, "succeeded: 1001");
    let call = ClickToCall {
        to: vec!["4006".into(), "sip:4007@pbx".into()],
        from: "4005".into(),
        user: Some("4005".into()),
        call_type: CallType::Simultaneous,
        tenant: Some("acme".into()),
    };
    assert_eq!(api.click_to_call(&call).await.unwrap(), "1002");
    let placed = control.calls();
    assert_eq!(placed[1].to, ["4006", "sip:4007@pbx"]);
    assert_eq!(
        (placed[1].channel, placed[1].call_type.as_str(), placed[1].tenant.as_deref()),
        (Channel::ThreePcc, "1", Some("acme"))
    );
    // Refusals: a fault over SOAP, `failed: ...` over 3PCC.
    let err =
        api.call_control("9999".into(), "9999".into(), vec!["4007".into()], "2".into()).await.unwrap_err();
    assert!(user_exception(&err, "no such user: 9999"), "{err}");
    let err = api.click_to_call(&ClickToCall::new("9999", "4007")).await.unwrap_err();
    assert!(
        matches!(&err, Error::Refused { reason, .. } if reason.contains("failed: no such user")),
        "{err}"
    );
    assert_eq!(control.calls().len(), 2);

    // Users and their properties.
    assert!(api.create_user("5001".into(), "pw".into()).await.unwrap());
    assert!(!api.create_user("5001".into(), "pw".into()).await.unwrap());
    assert!(api.create_user2("5002".into()).await.unwrap());
    let names = api.get_user_property_names().await.unwrap();
    assert!(names.contains(&"email".to_owned()) && names.contains(&"name".to_owned()));
    api.set_user_property("5001".into(), "name".into(), "Dora".into()).await.unwrap();
    api.set_user_properties(
        "5001".into(),
        vec!["email".into(), "language".into()],
        vec!["d@x".into(), "de".into()],
    )
    .await
    .unwrap();
    let values = api
        .get_user_properties("5001".into(), vec!["language".into(), "name".into(), "password".into()])
        .await
        .unwrap();
    assert_eq!(values, ["de", "Dora", "pw"]);
    assert_eq!(api.get_user_property("5002".into(), "email".into()).await.unwrap(), "");
    let err = api.set_user_properties("5001".into(), vec!["name".into()], vec![]).await.unwrap_err();
    assert!(user_exception(&err, "1 property names but 0 values"), "{err}");
    let err = api.get_user_property("5001".into(), "shoe".into()).await.unwrap_err();
    assert!(user_exception(&err, "shoe"), "{err}");
    assert!(api.delete_user("5002".into()).await.unwrap());
    assert!(!api.delete_user("5002".into()).await.unwrap());
    assert_eq!(control.users()["5001"]["email"], "d@x");
    pbx.shutdown().await;
}

fn account() -> Account {
    let mut a = Account::new("acme", "s3cret");
    a.modems.push("fax-2".into());
    a
}

#[tokio::test]
async fn monema_every_operation() {
    let pbx = monema::MockPbx::builder().account(account()).start().await.unwrap();
    let control = pbx.control();
    let api = Monema::new(SoapClient::new(pbx.url()).unwrap(), "acme", "s3cret");
    let port = api.port();

    control.set_credit("acme", 12.5).unwrap();
    assert_eq!(api.credit().await.unwrap(), 12.5);
    let wrong = Monema::new(SoapClient::new(pbx.url()).unwrap(), "acme", "nope");
    let err = wrong.credit().await.unwrap_err();
    assert!(
        matches!(&err, Error::Fault(f) if f.code.ends_with("Server") && f.string == "Invalid login or password"),
        "{err}"
    );

    // Calls: answered by default, busy when the test says so, unknown source.
    assert!(api.make_call("201", "0034600000000", "{CALLERID}=\"1\"").await.unwrap());
    control.set_answer("acme", "202", MakeCallStatus::Busy).unwrap();
    let busy = api.make_call_and_wait("202", "201", "").await.unwrap();
    assert_eq!((busy.ok, busy.status), (false, MakeCallStatus::Busy));
    let none = api.make_call_and_wait("299", "201", "").await.unwrap();
    assert_eq!(none.status, MakeCallStatus::NoSuchExtension);
    assert!(!api.make_call("299", "201", "").await.unwrap());
    let recorded = pbx_soap::monema::Calls {
        src: "0911".into(),
        dst: "201".into(),
        disposition: "ANSWERED".into(),
        uniqueid: "u-1".into(),
        calldate: 1_700_000_000,
        ..Default::default()
    };
    let tagged = control.add_call("acme", recorded, &["vip", "callback"]).unwrap();
    let all = api.calls("", "", "", CallFilter::All).await.unwrap();
    assert_eq!(all.len(), 3);
    let incoming = api.calls("2023-11-14", "2023-11-15", "", CallFilter::Incoming).await.unwrap();
    assert_eq!(incoming.iter().map(|c| c.id).collect::<Vec<_>>(), [tagged]);
    assert_eq!(api.calls("", "", "", CallFilter::Internal).await.unwrap()[0].disposition, "BUSY");
    assert_eq!(api.calls("", "", "", CallFilter::Outgoing).await.unwrap().len(), 1);
    let err = api.calls("last week", "", "", CallFilter::All).await.unwrap_err();
    assert!(matches!(&err, Error::Fault(f) if f.string.contains("last week")), "{err}");
    let tags = api.call_tags(&tagged.to_string()).await.unwrap();
    assert_eq!(tags.iter().map(|t| t.tag.as_str()).collect::<Vec<_>>(), ["vip", "callback"]);
    let link = api.call_download_link(tagged).await.unwrap();
    assert!(link.starts_with("http://127.0.0.1:") && link.ends_with("/recordings/u-1.wav"), "{link}");
    assert!(api.call_download_link(4711).await.is_err());

    // Extensions and transfers.
    let extensions = api.extensions().await.unwrap();
    assert_eq!(extensions.iter().map(|e| e.extnumber).collect::<Vec<_>>(), [201, 202]);
    assert!(api.enable_transfer(extensions[0].id, "0034911", true).await.unwrap());
    let status = api.transfer_status(extensions[0].id).await.unwrap();
    assert_eq!((status.enabled, status.number.as_str(), status.is_external), (true, "0034911", true));
    assert!(api.disable_transfer(extensions[0].id).await.unwrap());
    assert!(!api.transfer_status(extensions[0].id).await.unwrap().enabled);
    assert!(api.enable_transfer(99, "1", false).await.is_err());

    // SMS.
    assert!(api.send_sms("ACME", "0034600000001", "hello").await.unwrap());
    assert_eq!(control.sms()[0].message, "hello");

    // The fax, uploaded by hand through the generated client.
    assert_eq!(api.fax_modems().await.unwrap(), ["fax-1", "fax-2"]);
    let session = port.c_start_fax_upload("acme".into(), "s3cret".into()).await.unwrap();
    let size = port
        .c_upload_fax_chunk("acme".into(), "s3cret".into(), session.clone(), b"%PDF-1.7\n".to_vec())
        .await
        .unwrap();
    assert_eq!(size, 9);
    let size = port
        .c_upload_fax_chunk("acme".into(), "s3cret".into(), session.clone(), b"body".to_vec())
        .await
        .unwrap();
    assert_eq!(size, 13);
    let send = CSendFaxRequest {
        client_login: "acme".into(),
        client_password: "s3cret".into(),
        session_id: session,
        fax_modem: "fax-2".into(),
        dest_numbers: "1555000000".into(),
        use_cover: true,
        cover_dest_name: "DestName".into(),
        ..Default::default()
    };
    assert!(port.c_send_fax(send).await.unwrap());
    let fax = &control.faxes()[0];
    assert_eq!((fax.document.as_slice(), fax.chunks.as_slice()), (&b"%PDF-1.7\nbody"[..], &[9, 4][..]));
    assert_eq!(fax.cover.as_ref().map(|c| c[0].as_str()), Some("DestName"));
    pbx.shutdown().await;
}

#[tokio::test]
async fn monema_fax_helper_uploads_in_chunks_that_the_mock_reassembles_and_checks() {
    let pbx = monema::MockPbx::builder().max_fax_bytes(2 * 1024 * 1024).start().await.unwrap();
    let control = pbx.control();
    let api = Monema::new(SoapClient::new(pbx.url()).unwrap(), monema::LOGIN, monema::PASSWORD);
    let mut document = b"%PDF-1.4\n".to_vec();
    document.extend((0..700_000u32).map(|i| (i % 251) as u8));
    let fax = Fax { modem: "fax-1".into(), to: vec!["1555000000".into(), " +34911 ".into()], cover: None };
    assert!(api.send_fax(&document, &fax).await.unwrap());
    let sent = &control.faxes()[0];
    assert_eq!(sent.document, document);
    assert_eq!(sent.chunks, [FAX_CHUNK_BYTES, FAX_CHUNK_BYTES, document.len() - 2 * FAX_CHUNK_BYTES]);
    assert_eq!(sent.to, ["1555000000", "+34911"]);
    // Not a PDF or TIFF: refused at C_sendFax, after the upload.
    let err = api.send_fax(b"plain text", &fax).await.unwrap_err();
    assert!(matches!(&err, Error::Fault(f) if f.string.contains("neither a PDF nor a TIFF")), "{err}");
    // Beyond the size limit: refused while uploading.
    let big = [b"%PDF-".as_slice(), &vec![0u8; 3 * 1024 * 1024]].concat();
    let err = api.send_fax(&big, &fax).await.unwrap_err();
    assert!(matches!(&err, Error::Fault(f) if f.string.contains("larger than")), "{err}");
    assert_eq!(control.faxes().len(), 1);
}
