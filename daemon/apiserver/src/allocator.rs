//! Service ClusterIP and NodePort allocation, as kube-apiserver does it, safe across several API
//! servers sharing one store.
//!
//! ## Where the state lives, and why one key per value
//!
//! Every allocated value is one key, created with create-if-absent: `/ipaddresses/<ip>` (an
//! `IPAddress` record where Kubernetes 1.33 keeps them, without its parentRef) and
//! `/nodeports/<port>`. Releasing is deleting the key. The configured ranges are stored once, at `/ranges/serviceips` and
//! `/ranges/servicenodeports`; the first API server of a cluster writes them and every server
//! allocates from what is stored, so servers started with different flags still agree.
//!
//! The alternative, one bitmap object per range updated with compare-and-swap (Kubernetes'
//! `RangeAllocation`), serialises every allocation of the cluster on one key: of N concurrent
//! creates only one CAS wins per round, so the others re-read and retry — O(N²) store requests
//! — and each allocation rewrites the whole bitmap (8 KiB for a /16) into the store's history
//! and to every watcher. With one key per value, concurrent allocations write different keys
//! and all succeed in one round (the embedded store commits them in one group commit), unless
//! two picked the same random value, which in a sparse range is rare and costs one retry.
//! Measured (2 shared cores, 2×50 concurrent allocations through two store handles, a
//! throw-away bitmap-CAS allocator beside this one in the same run): embedded store 0.40–0.54 s
//! and ~4,000 store requests for the bitmap vs 14–18 ms and ~100 for one key per value; etcd
//! (two clients) 1.2–1.4 s and ~2,100 CAS attempts vs 40–49 ms.
//! The price is finding a free value in a nearly full range: random probes fail, and then the
//! taken keys are listed (one range read) to pick a free one — only when the range is dense.
//!
//! ## Choice
//!
//! Random within the range, like upstream (KEP-3070 / KEP-3668): a lower "static" band of the
//! range is tried last, so values users ask for by number (`10.43.0.10` for DNS) stay free.
//! The random source is a parameter of the inner functions, so tests can seed it.
//!
//! ## Services (`allocator/service.rs`)
//!
//! [`allocate_service`] fills a service's `clusterIP(s)`, `ipFamilies`, `ipFamilyPolicy`,
//! `nodePort`s and `healthCheckNodePort` on create and update; the registry writes the object,
//! then [`ServiceAllocation::finish`] releases what the write no longer needs (what this
//! request took if the write failed, what the old object held and the new one does not if it
//! succeeded). [`release_service`] frees everything a service held once it is removed.
//! Invariant: every cluster IP and node port in a stored service is allocated to it. Not yet
//! handled: a server dying between allocating and writing leaks the value (Kubernetes' repair
//! controllers, which compare the allocations with the services, would reclaim it).

use std::collections::BTreeSet;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use bytes::Bytes;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rk_store::{AnyStore, Error as StoreError, RangeRequest, Store};
use serde_json::{Value, json};

mod service;

pub use service::{ServiceAllocation, allocate_service, prepare_service_update, release_service};

/// Where the configured service IP range is stored.
pub const SERVICE_IPS_KEY: &str = "/ranges/serviceips";
/// Where the configured node port range is stored.
pub const NODE_PORTS_KEY: &str = "/ranges/servicenodeports";
/// Allocated cluster IPs: `/ipaddresses/<ip>`.
const IP_PREFIX: &str = "/ipaddresses/";
/// Allocated node ports: `/nodeports/<port>`.
const PORT_PREFIX: &str = "/nodeports/";

/// Random values tried before listing what is taken (a range at half use fails all 8 with
/// probability 0.4 %).
const RANDOM_PROBES: usize = 8;
/// Rounds of "list what is taken, create a free one" before giving up; each lost round means a
/// concurrent request took a value, so the range is filling up.
const DENSE_ROUNDS: usize = 64;
/// Keys per page when listing what is taken.
const LIST_PAGE: usize = 1000;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("range is full")]
    Full,
    #[error("provided IP is already allocated")]
    IpAllocated,
    #[error("provided port is already allocated")]
    PortAllocated,
    #[error("the provided IP ({ip}) is not in the valid range. The range of valid IPs is {range}")]
    IpNotInRange { ip: IpAddr, range: ServiceCidr },
    #[error("provided port is not in the valid range. The range of valid ports is {range}")]
    PortNotInRange { range: PortRange },
    /// The range is not in the store yet (the API server writes it before it serves).
    #[error("allocator not ready")]
    NotReady,
    #[error("the range stored at {key} is not valid: {value}")]
    BadStoredRange { key: &'static str, value: String },
    #[error("every attempt collided with a concurrent allocation; try again")]
    Contended,
    #[error("{0}")]
    Store(#[source] StoreError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a range flag does not parse.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("invalid CIDR {0:?}: expected an address and a prefix length, such as 10.43.0.0/16")]
    Cidr(String),
    #[error("shortest allowed prefix length for service CIDR is 64, got {0}")]
    ShortIpv6Prefix(u8),
    #[error("service CIDR {0} has no addresses to allocate")]
    NoAddresses(String),
    #[error("invalid port range {0:?}: expected FIRST-LAST within 1-65535, such as 30000-32767")]
    Ports(String),
}

// ---------------------------------------------------------------------------------------------
// Ranges

/// The range ClusterIPs come from (`--service-cidr`): its network address, broadcast address
/// (IPv4) and nothing else are excluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceCidr {
    network: IpAddr,
    bits: u8,
}

impl Default for ServiceCidr {
    /// 10.43.0.0/16, k3s' default.
    fn default() -> Self {
        ServiceCidr {
            network: IpAddr::V4(Ipv4Addr::new(10, 43, 0, 0)),
            bits: 16,
        }
    }
}

impl FromStr for ServiceCidr {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        let bad = || ParseError::Cidr(s.to_string());
        let (addr, bits) = s.trim().split_once('/').ok_or_else(bad)?;
        let addr: IpAddr = addr.parse().map_err(|_| bad())?;
        let bits: u8 = bits.parse().map_err(|_| bad())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        if bits > max {
            return Err(bad());
        }
        if addr.is_ipv6() && bits < 64 {
            return Err(ParseError::ShortIpv6Prefix(bits));
        }
        let host_bits = u32::from(max - bits);
        let mask = if host_bits >= 128 {
            0
        } else {
            u128::MAX << host_bits
        };
        let cidr = ServiceCidr {
            network: from_u128(to_u128(addr) & mask, addr.is_ipv6()),
            bits,
        };
        if cidr.size() == 0 {
            return Err(ParseError::NoAddresses(cidr.to_string()));
        }
        Ok(cidr)
    }
}

impl fmt::Display for ServiceCidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.bits)
    }
}

fn to_u128(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

fn from_u128(n: u128, v6: bool) -> IpAddr {
    if v6 {
        IpAddr::V6(Ipv6Addr::from(n))
    } else {
        // Callers stay inside an IPv4 range, so the value fits.
        IpAddr::V4(Ipv4Addr::from(u32::try_from(n).unwrap_or(u32::MAX)))
    }
}

impl ServiceCidr {
    /// `IPv4` or `IPv6`, as `spec.ipFamilies` names it.
    pub fn family(&self) -> &'static str {
        if self.network.is_ipv6() {
            "IPv6"
        } else {
            "IPv4"
        }
    }

    /// Addresses in the prefix, network and broadcast included.
    fn span(&self) -> u128 {
        let max = if self.network.is_ipv6() { 128 } else { 32 };
        1u128 << (max - u32::from(self.bits))
    }

    /// The first address that can be allocated (the `kubernetes` service's).
    pub fn first(&self) -> IpAddr {
        from_u128(to_u128(self.network) + 1, self.network.is_ipv6())
    }
}

impl Range for ServiceCidr {
    type Value = IpAddr;
    const PREFIX: &'static str = IP_PREFIX;

    fn size(&self) -> u128 {
        // Neither the network address nor (IPv4) the broadcast address.
        let excluded = if self.network.is_ipv6() { 1 } else { 2 };
        self.span().saturating_sub(excluded)
    }

    fn static_band(&self) -> u128 {
        // Upstream's min(max(16, size/16), 256); none in a range of 16 addresses or fewer.
        if self.span() <= 16 {
            0
        } else {
            (self.span() / 16).clamp(16, 256)
        }
    }

    fn offset_of(&self, ip: IpAddr) -> Option<u128> {
        if ip.is_ipv6() != self.network.is_ipv6() {
            return None;
        }
        let first = to_u128(self.network) + 1;
        let n = to_u128(ip);
        (n >= first && n - first < self.size()).then(|| n - first)
    }

    fn value_at(&self, offset: u128) -> IpAddr {
        from_u128(to_u128(self.network) + 1 + offset, self.network.is_ipv6())
    }

    fn parse(name: &str) -> Option<IpAddr> {
        name.parse().ok()
    }

    fn record(&self, ip: IpAddr) -> Value {
        json!({
            "apiVersion": "networking.k8s.io/v1",
            "kind": "IPAddress",
            "metadata": {
                "name": ip.to_string(),
                "uid": crate::meta::new_uid(),
                "creationTimestamp": crate::meta::now_rfc3339(),
                "labels": {
                    "ipaddress.kubernetes.io/ip-family": self.family(),
                    "ipaddress.kubernetes.io/managed-by": "ipallocator.k8s.io",
                },
            },
        })
    }

    fn dry_run_value(&self) -> IpAddr {
        // Upstream answers a dry run with the network address: finding a free one is racy.
        self.network
    }

    fn not_in_range(&self, ip: IpAddr) -> Error {
        Error::IpNotInRange { ip, range: *self }
    }

    fn allocated() -> Error {
        Error::IpAllocated
    }
}

/// The range NodePorts come from (`--service-node-port-range`), both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortRange {
    first: u16,
    last: u16,
}

impl Default for PortRange {
    fn default() -> Self {
        PortRange {
            first: 30000,
            last: 32767,
        }
    }
}

impl FromStr for PortRange {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        let bad = || ParseError::Ports(s.to_string());
        let (first, last) = s.trim().split_once('-').unwrap_or((s.trim(), s.trim()));
        let first: u16 = first.trim().parse().map_err(|_| bad())?;
        let last: u16 = last.trim().parse().map_err(|_| bad())?;
        if first == 0 || last < first {
            return Err(bad());
        }
        Ok(PortRange { first, last })
    }
}

impl fmt::Display for PortRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.first, self.last)
    }
}

impl Range for PortRange {
    type Value = u16;
    const PREFIX: &'static str = PORT_PREFIX;

    fn size(&self) -> u128 {
        u128::from(self.last - self.first) + 1
    }

    fn static_band(&self) -> u128 {
        // Upstream's min(max(16, size/32), 128); none in a range of 16 ports or fewer.
        let size = self.size();
        if size <= 16 {
            0
        } else {
            (size / 32).clamp(16, 128)
        }
    }

    fn offset_of(&self, port: u16) -> Option<u128> {
        (self.first..=self.last)
            .contains(&port)
            .then(|| u128::from(port - self.first))
    }

    fn value_at(&self, offset: u128) -> u16 {
        u16::try_from(u128::from(self.first) + offset).unwrap_or(self.last)
    }

    fn parse(name: &str) -> Option<u16> {
        name.parse().ok()
    }

    fn record(&self, port: u16) -> Value {
        json!({"nodePort": port, "creationTimestamp": crate::meta::now_rfc3339()})
    }

    fn dry_run_value(&self) -> u16 {
        self.first
    }

    fn not_in_range(&self, _: u16) -> Error {
        Error::PortNotInRange { range: *self }
    }

    fn allocated() -> Error {
        Error::PortAllocated
    }
}

/// One range of values in the store: offsets `0..size`, one key `{PREFIX}{value}` per value
/// taken.
trait Range {
    type Value: Copy + fmt::Display;
    const PREFIX: &'static str;
    fn size(&self) -> u128;
    /// The first offsets, tried last by random choice (kept for values asked for by number).
    fn static_band(&self) -> u128;
    fn offset_of(&self, value: Self::Value) -> Option<u128>;
    fn value_at(&self, offset: u128) -> Self::Value;
    fn parse(name: &str) -> Option<Self::Value>;
    /// What the key of a taken value holds.
    fn record(&self, value: Self::Value) -> Value;
    fn dry_run_value(&self) -> Self::Value;
    fn not_in_range(&self, value: Self::Value) -> Error;
    fn allocated() -> Error;
}

/// Whether an allocation is stored or only checked (`dryRun=All`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Commit,
    DryRun,
}

fn key<R: Range>(value: R::Value) -> String {
    format!("{}{value}", R::PREFIX)
}

/// Creates the key of `value`: false when it is already taken.
async fn try_create<R: Range>(store: &AnyStore, range: &R, value: R::Value) -> Result<bool> {
    let record = Bytes::from(range.record(value).to_string());
    match store.create(&key::<R>(value), record, None).await {
        Ok(_) => Ok(true),
        Err(StoreError::AlreadyExists { .. }) => Ok(false),
        Err(e) => Err(Error::Store(e)),
    }
}

/// Takes one value asked for by number.
async fn take<R: Range>(store: &AnyStore, range: &R, value: R::Value, mode: Mode) -> Result<()> {
    if range.offset_of(value).is_none() {
        return Err(range.not_in_range(value));
    }
    let free = match mode {
        Mode::Commit => try_create(store, range, value).await?,
        Mode::DryRun => store
            .get(&key::<R>(value))
            .await
            .map_err(Error::Store)?
            .0
            .is_none(),
    };
    if free { Ok(()) } else { Err(R::allocated()) }
}

/// Takes a random free value: the upper band first, then the static band.
async fn take_next<R: Range>(
    store: &AnyStore,
    range: &R,
    rng: &mut impl Rng,
    mode: Mode,
) -> Result<R::Value> {
    let size = range.size();
    if mode == Mode::DryRun {
        return if size == 0 {
            Err(Error::Full)
        } else {
            Ok(range.dry_run_value())
        };
    }
    let band = range.static_band().min(size);
    for (lo, hi) in [(band, size), (0, band)] {
        if lo < hi
            && let Some(offset) = take_in(store, range, lo, hi, rng).await?
        {
            return Ok(range.value_at(offset));
        }
    }
    Err(Error::Full)
}

/// Takes a free offset in `lo..hi`, or None when there is none.
async fn take_in<R: Range>(
    store: &AnyStore,
    range: &R,
    lo: u128,
    hi: u128,
    rng: &mut impl Rng,
) -> Result<Option<u128>> {
    // A sparse range: a random value is almost always free.
    for _ in 0..RANDOM_PROBES {
        let offset = rng.random_range(lo..hi);
        if try_create(store, range, range.value_at(offset)).await? {
            return Ok(Some(offset));
        }
    }
    // A dense one: read what is taken, then create the first free value after a random start.
    for _ in 0..DENSE_ROUNDS {
        let taken = taken_offsets(store, range, lo, hi).await?;
        let Some(offset) = first_free(&taken, lo, hi, rng.random_range(lo..hi)) else {
            return Ok(None);
        };
        if try_create(store, range, range.value_at(offset)).await? {
            return Ok(Some(offset));
        }
    }
    Err(Error::Contended)
}

/// The offsets in `lo..hi` whose keys exist.
async fn taken_offsets<R: Range>(
    store: &AnyStore,
    range: &R,
    lo: u128,
    hi: u128,
) -> Result<BTreeSet<u128>> {
    let mut taken = BTreeSet::new();
    let mut start_after: Option<String> = None;
    loop {
        let mut req = RangeRequest::prefix(R::PREFIX).limit(LIST_PAGE);
        req.start_after = start_after.take();
        let page = store.range(req).await.map_err(Error::Store)?;
        for kv in &page.kvs {
            let offset = kv
                .key
                .strip_prefix(R::PREFIX)
                .and_then(R::parse)
                .and_then(|v| range.offset_of(v));
            if let Some(o) = offset.filter(|o| (lo..hi).contains(o)) {
                taken.insert(o);
            }
        }
        match page.kvs.last() {
            Some(last) if page.more => start_after = Some(last.key.clone()),
            _ => return Ok(taken),
        }
    }
}

/// The first offset not in `taken` at or after `start`, wrapping around within `lo..hi`.
fn first_free(taken: &BTreeSet<u128>, lo: u128, hi: u128, start: u128) -> Option<u128> {
    let scan = |from: u128, to: u128| {
        let mut candidate = from;
        for &t in taken.range(from..to) {
            if t != candidate {
                break;
            }
            candidate += 1;
        }
        (candidate < to).then_some(candidate)
    };
    scan(start, hi).or_else(|| scan(lo, start))
}

/// Deletes the key of `value`; releasing a free value is no error.
async fn give_back<R: Range>(store: &AnyStore, value: R::Value) -> Result<()> {
    match store.delete(&key::<R>(value), None).await {
        Ok(_) | Err(StoreError::NotFound { .. }) => Ok(()),
        Err(e) => Err(Error::Store(e)),
    }
}

// ---------------------------------------------------------------------------------------------
// The stored ranges

/// Writes the configured ranges if the store has none yet, and answers the service CIDR in
/// force. A cluster keeps the ranges it started with: a server configured differently logs it
/// (in Kubernetes' words) and uses the stored ones, so that every server hands out the same
/// addresses.
pub async fn init_ranges(
    store: &AnyStore,
    service_cidr: ServiceCidr,
    node_ports: PortRange,
) -> Result<ServiceCidr> {
    let stored_cidr: ServiceCidr = init_range(store, SERVICE_IPS_KEY, service_cidr).await?;
    let stored_ports: PortRange = init_range(store, NODE_PORTS_KEY, node_ports).await?;
    for (what, stored, configured) in [
        (
            "service CIDR",
            stored_cidr.to_string(),
            service_cidr.to_string(),
        ),
        (
            "node port range",
            stored_ports.to_string(),
            node_ports.to_string(),
        ),
    ] {
        if stored != configured {
            tracing::warn!(
                "Inconsistent {what} for the cluster, controller configuration: {configured}, \
                 stored configuration: {stored}. Configure the flags to match the stored range; \
                 the stored one is used."
            );
        }
    }
    Ok(stored_cidr)
}

async fn init_range<T>(store: &AnyStore, key: &'static str, configured: T) -> Result<T>
where
    T: FromStr + fmt::Display,
{
    let object = json!({
        "kind": "RangeAllocation",
        "apiVersion": "v1",
        "metadata": {"creationTimestamp": crate::meta::now_rfc3339()},
        "range": configured.to_string(),
    });
    match store
        .create(key, Bytes::from(object.to_string()), None)
        .await
    {
        Ok(_) => Ok(configured),
        Err(StoreError::AlreadyExists { .. }) => load_range(store, key).await,
        Err(e) => Err(Error::Store(e)),
    }
}

async fn load_range<T: FromStr>(store: &AnyStore, key: &'static str) -> Result<T> {
    let (found, _) = store.get(key).await.map_err(Error::Store)?;
    let kv = found.ok_or(Error::NotReady)?;
    let object: Value = serde_json::from_slice(&kv.value).unwrap_or(Value::Null);
    let range = object.get("range").and_then(Value::as_str).unwrap_or("");
    range.parse().map_err(|_| Error::BadStoredRange {
        key,
        value: String::from_utf8_lossy(&kv.value).into_owned(),
    })
}

/// The service CIDR the cluster allocates from.
pub async fn service_cidr(store: &AnyStore) -> Result<ServiceCidr> {
    load_range(store, SERVICE_IPS_KEY).await
}

/// The node port range the cluster allocates from.
pub async fn node_port_range(store: &AnyStore) -> Result<PortRange> {
    load_range(store, NODE_PORTS_KEY).await
}

fn fresh_rng() -> StdRng {
    StdRng::from_rng(&mut rand::rng())
}

// ---------------------------------------------------------------------------------------------
// One value at a time

/// Takes `requested`, or a random free ClusterIP.
pub async fn allocate_cluster_ip(store: &AnyStore, requested: Option<IpAddr>) -> Result<IpAddr> {
    allocate_cluster_ip_with(store, requested, &mut fresh_rng()).await
}

async fn allocate_cluster_ip_with(
    store: &AnyStore,
    requested: Option<IpAddr>,
    rng: &mut impl Rng,
) -> Result<IpAddr> {
    let cidr = service_cidr(store).await?;
    match requested {
        Some(ip) => take(store, &cidr, ip, Mode::Commit).await.map(|()| ip),
        None => take_next(store, &cidr, rng, Mode::Commit).await,
    }
}

/// Frees a ClusterIP (no error if it was free).
pub async fn release_cluster_ip(store: &AnyStore, ip: IpAddr) -> Result<()> {
    give_back::<ServiceCidr>(store, ip).await
}

/// Takes `requested`, or a random free NodePort.
pub async fn allocate_node_port(store: &AnyStore, requested: Option<u16>) -> Result<u16> {
    allocate_node_port_with(store, requested, &mut fresh_rng()).await
}

async fn allocate_node_port_with(
    store: &AnyStore,
    requested: Option<u16>,
    rng: &mut impl Rng,
) -> Result<u16> {
    let ports = node_port_range(store).await?;
    match requested {
        Some(port) => take(store, &ports, port, Mode::Commit).await.map(|()| port),
        None => take_next(store, &ports, rng, Mode::Commit).await,
    }
}

/// Frees a NodePort (no error if it was free).
pub async fn release_node_port(store: &AnyStore, port: u16) -> Result<()> {
    give_back::<PortRange>(store, port).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use rk_api::resources::ResourceInfo;
    use rk_store::embedded::EmbeddedStore;

    pub(super) async fn store_with(cidr: &str, ports: &str) -> (tempfile::TempDir, AnyStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = AnyStore::Embedded(
            EmbeddedStore::open_dir(dir.path(), Default::default())
                .await
                .unwrap(),
        );
        init_ranges(&store, cidr.parse().unwrap(), ports.parse().unwrap())
            .await
            .unwrap();
        (dir, store)
    }

    pub(super) async fn default_store() -> (tempfile::TempDir, AnyStore) {
        store_with("10.43.0.0/16", "30000-32767").await
    }

    pub(super) fn services() -> &'static ResourceInfo {
        rk_api::resources::find("", "v1", "services").unwrap()
    }

    pub(super) fn seeded(seed: u64) -> StdRng {
        StdRng::seed_from_u64(seed)
    }

    #[test]
    fn ranges_parse_and_print_as_the_flags_say() {
        let cidr: ServiceCidr = "10.43.7.9/16".parse().unwrap();
        assert_eq!(cidr.to_string(), "10.43.0.0/16");
        assert_eq!(cidr, ServiceCidr::default());
        assert_eq!(cidr.first(), "10.43.0.1".parse::<IpAddr>().unwrap());
        assert_eq!(cidr.size(), 65534);
        assert_eq!(cidr.static_band(), 256);
        let tiny: ServiceCidr = "192.168.0.0/29".parse().unwrap();
        assert_eq!((tiny.size(), tiny.static_band()), (6, 0));
        assert!(matches!(
            "fd00::/48".parse::<ServiceCidr>(),
            Err(ParseError::ShortIpv6Prefix(48))
        ));
        assert_eq!("fd00::/112".parse::<ServiceCidr>().unwrap().size(), 65535);
        assert!("10.0.0.0/31".parse::<ServiceCidr>().is_err());
        assert!("10.43.0.0".parse::<ServiceCidr>().is_err());

        let ports: PortRange = "30000-32767".parse().unwrap();
        assert_eq!(ports, PortRange::default());
        assert_eq!(ports.to_string(), "30000-32767");
        assert_eq!((ports.size(), ports.static_band()), (2768, 86));
        assert!("32767-30000".parse::<PortRange>().is_err());
        assert!("0-10".parse::<PortRange>().is_err());
    }

    #[test]
    fn first_free_wraps_around_from_a_random_start() {
        let taken: BTreeSet<u128> = [2, 3, 4, 7].into_iter().collect();
        assert_eq!(first_free(&taken, 0, 8, 2), Some(5));
        assert_eq!(first_free(&taken, 0, 8, 7), Some(0));
        let full: BTreeSet<u128> = (0..8).collect();
        assert_eq!(first_free(&full, 0, 8, 3), None);
        let all_but_one: BTreeSet<u128> = (0..8).filter(|o| *o != 1).collect();
        assert_eq!(first_free(&all_but_one, 0, 8, 5), Some(1));
    }

    #[tokio::test]
    async fn allocates_random_addresses_in_the_dynamic_band_and_releases_them() {
        let (_dir, store) = default_store().await;
        let cidr = service_cidr(&store).await.unwrap();
        let mut rng = seeded(7);
        let mut got = Vec::new();
        for _ in 0..20 {
            got.push(
                allocate_cluster_ip_with(&store, None, &mut rng)
                    .await
                    .unwrap(),
            );
        }
        let offsets: Vec<u128> = got.iter().map(|ip| cidr.offset_of(*ip).unwrap()).collect();
        assert!(
            offsets.iter().all(|o| *o >= 256),
            "dynamic allocation avoids the static band: {got:?}"
        );
        assert_eq!(offsets.iter().collect::<BTreeSet<_>>().len(), 20);
        let mut sorted = offsets.clone();
        sorted.sort();
        assert_ne!(offsets, sorted, "not sequential");
        // The same seed on a fresh store gives the same sequence (the test seam).
        let (_dir2, store2) = default_store().await;
        let mut again = seeded(7);
        assert_eq!(
            allocate_cluster_ip_with(&store2, None, &mut again)
                .await
                .unwrap(),
            got[0]
        );

        release_cluster_ip(&store, got[0]).await.unwrap();
        release_cluster_ip(&store, got[0]).await.unwrap(); // releasing a free address is no error
        assert_eq!(
            allocate_cluster_ip(&store, Some(got[0])).await.unwrap(),
            got[0]
        );
    }

    #[tokio::test]
    async fn a_requested_address_is_taken_once_and_must_be_in_range() {
        let (_dir, store) = default_store().await;
        let ip: IpAddr = "10.43.0.10".parse().unwrap();
        assert_eq!(allocate_cluster_ip(&store, Some(ip)).await.unwrap(), ip);
        let e = allocate_cluster_ip(&store, Some(ip)).await.unwrap_err();
        assert_eq!(e.to_string(), "provided IP is already allocated");
        let e = allocate_cluster_ip(&store, Some("1.2.3.4".parse().unwrap()))
            .await
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "the provided IP (1.2.3.4) is not in the valid range. The range of valid IPs is 10.43.0.0/16"
        );
        for edge in ["10.43.0.0", "10.43.255.255"] {
            assert!(matches!(
                allocate_cluster_ip(&store, Some(edge.parse().unwrap())).await,
                Err(Error::IpNotInRange { .. })
            ));
        }
        release_cluster_ip(&store, ip).await.unwrap();
        assert_eq!(allocate_cluster_ip(&store, Some(ip)).await.unwrap(), ip);
    }

    #[tokio::test]
    async fn node_ports_are_random_in_range_and_requested_ones_are_honoured() {
        let (_dir, store) = default_store().await;
        let mut rng = seeded(3);
        let mut seen = BTreeSet::new();
        for _ in 0..30 {
            let p = allocate_node_port_with(&store, None, &mut rng)
                .await
                .unwrap();
            assert!(
                (30086..=32767).contains(&p),
                "{p} is outside the dynamic band"
            );
            assert!(seen.insert(p));
        }
        assert_eq!(
            allocate_node_port(&store, Some(30080)).await.unwrap(),
            30080
        );
        assert_eq!(
            allocate_node_port(&store, Some(30080))
                .await
                .unwrap_err()
                .to_string(),
            "provided port is already allocated"
        );
        assert_eq!(
            allocate_node_port(&store, Some(80))
                .await
                .unwrap_err()
                .to_string(),
            "provided port is not in the valid range. The range of valid ports is 30000-32767"
        );
        release_node_port(&store, 30080).await.unwrap();
        assert_eq!(
            allocate_node_port(&store, Some(30080)).await.unwrap(),
            30080
        );
    }

    #[tokio::test]
    async fn a_tiny_range_fills_up_then_says_so() {
        let (_dir, store) = store_with("192.168.0.0/29", "30000-30003").await;
        let mut ips = BTreeSet::new();
        for _ in 0..6 {
            ips.insert(allocate_cluster_ip(&store, None).await.unwrap());
        }
        let want: BTreeSet<IpAddr> = (1..=6)
            .map(|i| format!("192.168.0.{i}").parse().unwrap())
            .collect();
        assert_eq!(ips, want);
        assert!(matches!(
            allocate_cluster_ip(&store, None).await,
            Err(Error::Full)
        ));
        for _ in 0..4 {
            allocate_node_port(&store, None).await.unwrap();
        }
        assert_eq!(
            allocate_node_port(&store, None)
                .await
                .unwrap_err()
                .to_string(),
            "range is full"
        );

        // Through a service, in Kubernetes' words.
        let mut svc = json!({"metadata": {"name": "web"}, "spec": {"ports": [{"port": 80}]}});
        let e = allocate_service(&store, services(), "web", None, &mut svc, false)
            .await
            .unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (
                500,
                "Internal error occurred: failed to allocate a serviceIP: range is full"
            )
        );
        // A freed address is found again by the dense path.
        release_cluster_ip(&store, "192.168.0.4".parse().unwrap())
            .await
            .unwrap();
        assert_eq!(
            allocate_cluster_ip(&store, None).await.unwrap().to_string(),
            "192.168.0.4"
        );
    }

    #[tokio::test]
    async fn the_static_band_is_used_when_the_dynamic_one_is_full() {
        let (_dir, store) = store_with("10.0.0.0/27", "30000-30040").await;
        // 30 addresses, the first 16 kept for requests: the 14 above go first.
        let mut rng = seeded(11);
        let cidr = service_cidr(&store).await.unwrap();
        for _ in 0..14 {
            let ip = allocate_cluster_ip_with(&store, None, &mut rng)
                .await
                .unwrap();
            assert!(cidr.offset_of(ip).unwrap() >= 16);
        }
        let ip = allocate_cluster_ip_with(&store, None, &mut rng)
            .await
            .unwrap();
        assert!(cidr.offset_of(ip).unwrap() < 16);
    }

    #[tokio::test]
    async fn two_clones_allocating_concurrently_never_share_a_value() {
        let (_dir, store) = default_store().await;
        let (a, b) = (store.clone(), store.clone());
        let started = std::time::Instant::now();
        let mut tasks = Vec::new();
        for (i, s) in (0..100).map(|i| (i, if i % 2 == 0 { a.clone() } else { b.clone() })) {
            tasks.push(tokio::spawn(async move {
                let ip = allocate_cluster_ip(&s, None).await.unwrap();
                let port = allocate_node_port(&s, None).await.unwrap();
                (i, ip, port)
            }));
        }
        let mut ips = BTreeSet::new();
        let mut ports = BTreeSet::new();
        for t in tasks {
            let (_, ip, port) = t.await.unwrap();
            assert!(ips.insert(ip), "{ip} handed out twice");
            assert!(ports.insert(port), "{port} handed out twice");
        }
        eprintln!(
            "2×50 concurrent allocations of an IP and a port: {:?}",
            started.elapsed()
        );
        let (count, _) = store.count(IP_PREFIX).await.unwrap();
        assert_eq!(count, 100);
    }

    /// Two API servers are two etcd clients: nothing is shared but etcd itself.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_etcd_clients_allocating_concurrently_never_share_a_value() {
        let dir = tempfile::tempdir().unwrap();
        let etcd = rk_store::etcd::LocalEtcd::start(dir.path()).await.unwrap();
        let connect = || async {
            AnyStore::Etcd(
                rk_store::etcd::EtcdStore::connect(etcd.config())
                    .await
                    .unwrap(),
            )
        };
        let (a, b) = (connect().await, connect().await);
        init_ranges(&a, "10.43.0.0/24".parse().unwrap(), PortRange::default())
            .await
            .unwrap();
        let mut tasks = Vec::new();
        for i in 0..100 {
            let s = if i % 2 == 0 { a.clone() } else { b.clone() };
            tasks.push(tokio::spawn(async move {
                allocate_cluster_ip(&s, None).await.unwrap()
            }));
        }
        let mut ips = BTreeSet::new();
        for t in tasks {
            let ip = t.await.unwrap();
            assert!(ips.insert(ip), "{ip} handed out twice");
        }
        assert_eq!(b.count(IP_PREFIX).await.unwrap().0, 100);
    }

    #[tokio::test]
    async fn concurrent_allocations_of_a_small_range_fill_it_exactly() {
        let (_dir, store) = store_with("10.0.0.0/27", "30000-30029").await;
        let mut tasks = Vec::new();
        for _ in 0..40 {
            let s = store.clone();
            tasks.push(tokio::spawn(
                async move { allocate_cluster_ip(&s, None).await },
            ));
        }
        let mut ok = BTreeSet::new();
        let mut full = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(ip) => assert!(ok.insert(ip)),
                Err(Error::Full) => full += 1,
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!((ok.len(), full), (30, 10));
    }

    #[tokio::test]
    async fn the_first_configuration_of_a_cluster_stays() {
        let (_dir, store) = default_store().await;
        let cidr = init_ranges(
            &store,
            "10.99.0.0/24".parse().unwrap(),
            "31000-31100".parse().unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(cidr.to_string(), "10.43.0.0/16");
        assert_eq!(
            node_port_range(&store).await.unwrap().to_string(),
            "30000-32767"
        );
    }

    #[tokio::test]
    async fn a_store_without_ranges_is_not_ready() {
        let dir = tempfile::tempdir().unwrap();
        let store = AnyStore::Embedded(
            EmbeddedStore::open_dir(dir.path(), Default::default())
                .await
                .unwrap(),
        );
        assert_eq!(
            allocate_cluster_ip(&store, None)
                .await
                .unwrap_err()
                .to_string(),
            "allocator not ready"
        );
    }
}
