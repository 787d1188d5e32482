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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use std::convert::Infallible;
    use std::task::{Context, Poll};

    use futures::future::BoxFuture;

    /// A health server answering every Check with one status.
    #[derive(Clone)]
    struct Health(i32);

    impl tonic::server::NamedService for Health {
        const NAME: &'static str = "grpc.health.v1.Health";
    }

    struct Check(i32);

    impl tonic::server::UnaryService<HealthCheckRequest> for Check {
        type Response = HealthCheckResponse;
        type Future =
            BoxFuture<'static, Result<tonic::Response<HealthCheckResponse>, tonic::Status>>;
        fn call(&mut self, _req: tonic::Request<HealthCheckRequest>) -> Self::Future {
            let status = self.0;
            Box::pin(async move { Ok(tonic::Response::new(HealthCheckResponse { status })) })
        }
    }

    impl tower::Service<::http::Request<tonic::body::Body>> for Health {
        type Response = ::http::Response<tonic::body::Body>;
        type Error = Infallible;
        type Future = BoxFuture<'static, Result<Self::Response, Infallible>>;
        fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
            Poll::Ready(Ok(()))
        }
        fn call(&mut self, req: ::http::Request<tonic::body::Body>) -> Self::Future {
            let status = self.0;
            Box::pin(async move {
                let mut grpc = tonic::server::Grpc::new(tonic_prost::ProstCodec::<
                    HealthCheckResponse,
                    HealthCheckRequest,
                >::default());
                Ok(grpc.unary(Check(status), req).await)
            })
        }
    }

    async fn serve(status: i32) -> u16 {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let incoming = futures::stream::unfold(listener, |l| async move {
            let next = l.accept().await.map(|(s, _)| s);
            Some((next, l))
        });
        tokio::spawn(
            tonic::transport::Server::builder()
                .add_service(Health(status))
                .serve_with_incoming(incoming),
        );
        port
    }

    #[tokio::test]
    async fn serving_is_healthy_and_anything_else_is_not() {
        let t = Duration::from_secs(2);
        let up = serve(SERVING).await;
        assert_eq!(
            check("127.0.0.1", i32::from(up), "", t).await,
            Ok(String::new())
        );
        let down = serve(2).await;
        assert_eq!(
            check("127.0.0.1", i32::from(down), "svc", t).await,
            Err("service unhealthy (responded with \"NOT_SERVING\")".into())
        );
        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let dead = closed.local_addr().unwrap().port();
        drop(closed);
        assert_eq!(
            check("127.0.0.1", i32::from(dead), "", t).await,
            Err(format!(
                "timeout: failed to connect service \"127.0.0.1:{dead}\" within 2s"
            ))
        );
    }
}
