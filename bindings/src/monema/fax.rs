//! Sending a fax: C_startFaxUpload, the document in C_uploadFaxChunk calls
//! of 256 KiB, then C_sendFax, as the vendor's PHP sample does.

use std::path::Path;

use super::CSendFaxRequest;
use super::client::Monema;
use crate::rt::Error;

/// Bytes per C_uploadFaxChunk call, as in the vendor's sample.
pub const FAX_CHUNK_BYTES: usize = 256 * 1024;

/// A fax to send with [`Monema::send_fax`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Fax {
    /// The modem to send with: one of [`Monema::fax_modems`].
    pub modem: String,
    /// Destination numbers.
    pub to: Vec<String>,
    /// A cover page, if one should be created.
    pub cover: Option<FaxCover>,
}

/// The cover page of a fax.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FaxCover {
    pub name: String,
    pub company: String,
    pub location: String,
    pub voice_phone: String,
    pub subject: String,
    pub comments: String,
}

impl Monema {
    /// Uploads `document` (the file's content, e.g. a PDF) in
    /// [`FAX_CHUNK_BYTES`] chunks and sends it as `fax`. Returns the
    /// server's `ok`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for an empty document or no destination; any call
    /// error; [`Error::Refused`] if the server's uploaded size disagrees
    /// with what was sent (nothing is sent then).
    pub async fn send_fax(&self, document: &[u8], fax: &Fax) -> Result<bool, Error> {
        if document.is_empty() || fax.to.iter().all(|t| t.trim().is_empty()) {
            return Err(Error::Config("send_fax: a fax needs content and a destination".into()));
        }
        let port = self.port();
        let session_id = port.c_start_fax_upload(self.login(), self.password()).await?;
        let mut sent = 0usize;
        let mut size = 0i64;
        for chunk in document.chunks(FAX_CHUNK_BYTES) {
            let (login, password) = (self.login(), self.password());
            size = port.c_upload_fax_chunk(login, password, session_id.clone(), chunk.to_vec()).await?;
            sent += chunk.len();
        }
        if usize::try_from(size).ok() != Some(sent) {
            return Err(Error::Refused {
                operation: "C_uploadFaxChunk",
                reason: format!("the server holds {size} bytes of the {sent} uploaded"),
            });
        }
        let to: Vec<&str> = fax.to.iter().map(|t| t.trim()).filter(|t| !t.is_empty()).collect();
        let cover = fax.cover.clone().unwrap_or_default();
        let request = CSendFaxRequest {
            client_login: self.login(),
            client_password: self.password(),
            session_id,
            fax_modem: fax.modem.clone(),
            dest_numbers: to.join(","),
            use_cover: fax.cover.is_some(),
            cover_dest_name: cover.name,
            cover_dest_company: cover.company,
            cover_dest_location: cover.location,
            cover_dest_voice_phone: cover.voice_phone,
            cover_dest_subject: cover.subject,
            cover_dest_comments: cover.comments,
        };
        port.c_send_fax(request).await
    }

    /// [`Monema::send_fax`] with the document read from `path`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if the file cannot be read; otherwise as
    /// [`Monema::send_fax`].
    pub async fn send_fax_file(&self, path: impl AsRef<Path>, fax: &Fax) -> Result<bool, Error> {
        let path = path.as_ref();
        let document = tokio::fs::read(path)
            .await
            .map_err(|e| Error::Config(format!("send_fax: cannot read {}: {e}", path.display())))?;
        self.send_fax(&document, fax).await
    }
}
