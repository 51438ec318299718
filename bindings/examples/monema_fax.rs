//! Monema: the credit, a call that waits for the source extension to
//! answer, and a fax uploaded in 256 KiB chunks.
//!
//! ```sh
//! # against the mock, started in this process:
//! cargo run -p pbx-soap --features mock --example monema_fax
//! # against a Monema server (a real call and fax!):
//! cargo run -p pbx-soap --features mock --example monema_fax -- \
//!     --url https://your-server/public_api/pb_tamtam_wsdl.php --login LOGIN --password PASSWORD \
//!     --from 201 --to 0034600000000 --fax-to 1555000000 --file invoice.pdf
//! ```

#[path = "common/args.rs"]
mod args;

use std::error::Error;

use pbx_soap::mock::monema::{LOGIN, MockPbx, PASSWORD};
use pbx_soap::monema::{Fax, MakeCallStatus, Monema};
use pbx_soap::rt::SoapClient;

const USAGE: &str = "usage: monema_fax [--url URL --login LOGIN --password PASSWORD] [--from EXT --to NUMBER] \
                     [--fax-to NUMBER] [--file PDF]";

/// A one-page PDF, sent when no `--file` is given (three chunks' worth).
fn sample_document() -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n% pbx-soap example fax\n".to_vec();
    pdf.extend((0..600 * 1024).map(|i: u32| b"0123456789abcdef\n"[(i % 17) as usize]));
    pdf.extend_from_slice(b"\n%%EOF\n");
    pdf
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let args = args::Args::parse(USAGE, &["url", "login", "password", "from", "to", "fax-to", "file"])?;
    let mock = if args.remote() { None } else { Some(MockPbx::start().await?) };
    let url = mock.as_ref().map_or_else(|| args.or("url", "").to_owned(), |m| m.url().to_owned());
    let monema = Monema::new(SoapClient::new(&url)?, args.or("login", LOGIN), args.or("password", PASSWORD));

    println!("credit: {}", monema.credit().await?);

    let call = monema.make_call_and_wait(args.or("from", "201"), args.or("to", "0034600000000"), "").await?;
    if call.status == MakeCallStatus::Answered {
        println!("call {} answered", call.uniqueid);
    } else {
        println!("call not answered: {}", call.status.as_str());
    }

    let modems = monema.fax_modems().await?;
    let Some(modem) = modems.first() else { return Err("the account has no fax modem".into()) };
    let document = match args.get("file") {
        Some(path) => std::fs::read(path)?,
        None => sample_document(),
    };
    let fax = Fax { modem: modem.clone(), to: vec![args.or("fax-to", "1555000000").into()], cover: None };
    let sent = monema.send_fax(&document, &fax).await?; // 256 KiB chunks, then C_sendFax
    println!("fax of {} bytes sent: {sent}", document.len());

    if let Some(m) = mock {
        let faxes = m.control().faxes();
        if faxes.len() != 1 || faxes[0].document != document {
            return Err("the mock reassembled another document than was sent".into());
        }
        println!("the mock received it in {} chunks", faxes[0].chunks.len());
        m.shutdown().await;
    }
    Ok(())
}
