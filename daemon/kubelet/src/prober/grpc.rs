//! gRPC probes: `grpc.health.v1.Health/Check` over plain HTTP/2, SERVING is success.

use std::time::Duration;

use super::join_host_port;

#[derive(Clone, PartialEq, prost::Message)]
struct HealthCheckRequest {
    #[prost(string, tag = "1")]
    service: String,
}

#[derive(Clone, PartialEq, prost::Message)]
struct HealthCheckResponse {
    #[prost(int32, tag = "1")]
    status: i32,
}

const SERVING: i32 = 1;

fn status_name(s: i32) -> &'static str {
    match s {
        0 => "UNKNOWN",
        1 => "SERVING",
        2 => "NOT_SERVING",
        3 => "SERVICE_UNKNOWN",
        _ => "UNKNOWN",
    }
}

pub async fn check(
    host: &str,
    port: i32,
    service: &str,
    timeout: Duration,
) -> Result<String, String> {
    let addr = join_host_port(
        host,
        u16::try_from(port).map_err(|_| format!("invalid port number: {port}"))?,
    );
    let failed_connect = || {
        format!(
            "timeout: failed to connect service {addr:?} within {}s",
            timeout.as_secs()
        )
    };
    let endpoint = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
        .map_err(|e| e.to_string())?
        .connect_timeout(timeout)
        .timeout(timeout);
    let channel = endpoint.connect().await.map_err(|_| failed_connect())?;
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready().await.map_err(|_| failed_connect())?;
    let path = ::http::uri::PathAndQuery::from_static("/grpc.health.v1.Health/Check");
    let request = tonic::Request::new(HealthCheckRequest {
        service: service.to_string(),
    });
    let codec = tonic_prost::ProstCodec::<HealthCheckRequest, HealthCheckResponse>::default();
    match grpc.unary(request, path, codec).await {
        Ok(r) if r.get_ref().status == SERVING => Ok(String::new()),
        Ok(r) => Err(format!(
            "service unhealthy (responded with {:?})",
            status_name(r.get_ref().status)
        )),
        Err(s) if s.code() == tonic::Code::DeadlineExceeded => Err(format!(
            "timeout: health rpc did not complete within {}s",
            timeout.as_secs()
        )),
        Err(s) => Err(format!("error: health rpc probe failed: {s}")),
    }
}
