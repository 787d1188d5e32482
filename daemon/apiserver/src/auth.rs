//! Who is asking: identities from client certificates (CN = user, O = groups, as Kubernetes
//! reads them), and the authorization rules of the identities rk has so far.

use rustls::pki_types::CertificateDer;

/// An authenticated user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub user: String,
    pub groups: Vec<String>,
}

/// The caller of one request: a user, or nobody.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    Anonymous,
    User(Identity),
}

impl Identity {
    /// Cluster administrators (`system:masters`) may do everything.
    pub fn is_admin(&self) -> bool {
        self.groups.iter().any(|g| g == crate::pki::ADMIN_GROUP)
    }
}

/// Reads CN and O from a verified client certificate.
pub fn identity_from_cert(der: &CertificateDer<'_>) -> Option<Identity> {
    let (_, cert) = x509_parser::parse_x509_certificate(der.as_ref()).ok()?;
    let subject = cert.subject();
    let user = subject
        .iter_common_name()
        .next()?
        .as_str()
        .ok()?
        .to_string();
    let groups = subject
        .iter_organization()
        .filter_map(|o| o.as_str().ok().map(str::to_string))
        .collect();
    Some(Identity { user, groups })
}
