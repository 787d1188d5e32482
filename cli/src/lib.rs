//! # rkctl: a kubectl-compatible command line
//!
//! Talks only the Kubernetes API, so it works against rk's API server and any conformant one.
//! `kubeconfig` resolves kubectl's configuration flags and files, `client` builds the connection,
//! `discovery` resolves resource types (cached on disk like kubectl's), `commands/` holds one
//! module per command and `output/` the printers that write what kubectl writes. Errors print in
//! kubectl's words with its exit codes (`error`).

pub mod client;
pub mod commands;
pub mod discovery;
pub mod error;
pub mod kubeconfig;
pub mod manifest;
pub mod output;
pub mod stream;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::client::Ctx;
use crate::error::{Error, Result};
use crate::kubeconfig::GlobalFlags;

#[derive(Parser, Debug)]
#[command(
    name = "rkctl",
    version,
    about = "rkctl controls a Kubernetes-compatible cluster (rk or any conformant API server).",
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(flatten)]
    pub flags: GlobalFlags,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Display one or many resources.
    #[command(
        after_help = "Examples:\n  rkctl get pods -o wide\n  rkctl get deployments.apps web -o yaml\n  rkctl get pods -o jsonpath='{.items[*].metadata.name}'\n  rkctl get all -A"
    )]
    Get(commands::get::GetArgs),
    /// Apply a configuration to a resource by file name or stdin.
    #[command(
        after_help = "Examples:\n  rkctl apply -f ./pod.yaml\n  rkctl apply -f ./manifests/ -R\n  rkctl apply --server-side -f ./deploy.yaml"
    )]
    Apply(commands::apply::ApplyArgs),
    /// Create a resource from a file or from stdin.
    #[command(
        after_help = "Examples:\n  rkctl create -f ./pod.yaml\n  cat pod.json | rkctl create -f -"
    )]
    Create(commands::create::CreateArgs),
    /// Replace a resource by filename or stdin.
    Replace(commands::create::ReplaceArgs),
    /// Delete resources by file names, stdin, resources and names, or by resources and label selector.
    #[command(
        after_help = "Examples:\n  rkctl delete pod foo\n  rkctl delete -f ./pod.yaml\n  rkctl delete pods -l app=web\n  rkctl delete pods --all"
    )]
    Delete(commands::delete::DeleteArgs),
    /// Update the labels on a resource.
    #[command(
        after_help = "Examples:\n  rkctl label pods foo unhealthy=true\n  rkctl label --overwrite pods foo status=unhealthy\n  rkctl label pods foo bar-"
    )]
    Label(commands::label::LabelArgs),
    /// Update the annotations on a resource.
    Annotate(commands::label::LabelArgs),
    /// Set a new size for a deployment, replica set, replication controller, or stateful set.
    #[command(after_help = "Examples:\n  rkctl scale --replicas=3 deployment/web")]
    Scale(commands::scale::ScaleArgs),
    /// Output shell completion code for the specified shell (bash, zsh, fish, or powershell).
    #[command(
        after_help = "Examples:\n  source <(rkctl completion bash)\n  rkctl completion fish | source"
    )]
    Completion {
        #[arg(value_enum)]
        shell: commands::completion::ShellName,
    },
    /// Completion candidates for the shell scripts (resource types and live names).
    #[command(name = "__complete", hide = true)]
    Complete {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        words: Vec<String>,
    },
    /// Renews one cache of names for completion (started detached by `__complete`).
    #[command(name = "__complete-refresh", hide = true)]
    CompleteRefresh { resource: String },
    /// Show details of a specific resource or group of resources.
    #[command(
        after_help = "Examples:\n  rkctl describe pod web-1\n  rkctl describe deploy/web\n  rkctl describe nodes"
    )]
    Describe(commands::describe::DescribeArgs),
    /// Inspect authorization.
    #[command(subcommand)]
    Auth(commands::auth::AuthCommand),
    /// Display addresses of the control plane and services with label kubernetes.io/cluster-service=true.
    ClusterInfo,
    /// Get the documentation of a resource or of one of its fields.
    #[command(after_help = "Examples:\n  rkctl explain pods\n  rkctl explain pods.spec.containers")]
    Explain(commands::explain::ExplainArgs),
    /// Modify kubeconfig files.
    #[command(subcommand)]
    Config(commands::config::ConfigCommand),
    /// Print the client and server version information.
    Version(commands::version::VersionArgs),
    /// Print the supported API resources on the server.
    ApiResources(commands::api_resources::ApiResourcesArgs),
    /// Print the supported API versions on the server, in the form of "group/version".
    ApiVersions,
    /// Explain why an object is not what it should be: Pending, not starting, restarting, not Ready,
    /// a stuck rollout, a deletion that hangs, a drain that waits — and what to run next.
    #[command(
        after_help = "Examples:\n  rkctl why pod/web-1\n  rkctl why deploy web\n  rkctl why pods -A\n  rkctl why node/worker-2"
    )]
    Why(commands::why::WhyArgs),
    /// Show a node at a glance (conditions, resources, pods, events, the agent's health), or
    /// open a shell in a privileged pod on it with --shell.
    #[command(
        after_help = "Examples:\n  rkctl debug node/worker-1\n  rkctl debug node/worker-1 --shell\n  rkctl debug node/worker-1 --shell --rm -- cat /host/etc/os-release"
    )]
    Debug(commands::debug::DebugArgs),
    /// Show an object and everything it owns, with each one's readiness.
    #[command(after_help = "Examples:\n  rkctl tree deployment/web\n  rkctl tree statefulset db")]
    Tree(commands::tree::TreeArgs),
    /// Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.
    #[command(
        after_help = "Examples:\n  rkctl patch deploy/web -p '{\"spec\":{\"replicas\":3}}'\n  rkctl patch pod p --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/containers/0/image\",\"value\":\"nginx:2\"}]'"
    )]
    Patch(commands::patch::PatchArgs),
    /// Manage the rollout of a resource.
    #[command(subcommand)]
    Rollout(commands::rollout::RolloutCommand),
    /// Set specific features on objects.
    #[command(subcommand)]
    Set(commands::set::SetCommand),
    /// Mark node as unschedulable.
    Cordon(commands::node::CordonArgs),
    /// Mark node as schedulable.
    Uncordon(commands::node::CordonArgs),
    /// Drain node in preparation for maintenance.
    Drain(commands::node::DrainArgs),
    /// Update the taints on one or more nodes.
    Taint(commands::node::TaintArgs),
    /// Experimental: wait for a specific condition on one or many resources.
    #[command(
        after_help = "Examples:\n  rkctl wait --for=condition=Ready pod/busybox1\n  rkctl wait --for=jsonpath='{.status.phase}'=Running pod/busybox1\n  rkctl wait --for=delete pod/busybox1 --timeout=60s"
    )]
    Wait(commands::wait::WaitArgs),
    /// List events.
    Events(commands::wait::EventsArgs),
    /// Create and run a particular image in a pod.
    #[command(
        after_help = "Examples:\n  rkctl run nginx --image=nginx\n  rkctl run busybox --image=busybox --restart=Never -- sleep 3600"
    )]
    Run(commands::run::RunArgs),
    /// Print the logs for a container in a pod or specified resource; for a workload, service
    /// or selector: every pod, prefixed and coloured, following new pods with -f.
    #[command(
        after_help = "Examples:\n  rkctl logs web-1\n  rkctl logs web-1 -c app --tail=20 --timestamps\n  rkctl logs -p -c ruby web-1\n  rkctl logs deploy/web -f          # every pod, also those a rollout creates\n  rkctl logs -l app=web -f --all-containers"
    )]
    Logs(commands::logs::LogsArgs),
    /// Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service.
    #[command(after_help = "Examples:\n  rkctl expose deployment web --port=80 --target-port=8080")]
    Expose(commands::run::ExposeArgs),
    /// Manage images on the nodes (rk): `image load FILE.tar [--node NAME]`.
    #[command(subcommand)]
    Image(commands::image::ImageCommand),
    /// Edit a resource on the server with KUBE_EDITOR or EDITOR (vi by default).
    #[command(
        after_help = "Examples:\n  rkctl edit deploy/web\n  KUBE_EDITOR=\"nano\" rkctl edit svc/api\n  rkctl edit pod p -o json"
    )]
    Edit(commands::edit::EditArgs),
    /// Diff the live version against what would be applied (exit 0: none, 1: differences, >1: error).
    #[command(
        after_help = "Examples:\n  rkctl diff -f ./deploy.yaml\n  KUBECTL_EXTERNAL_DIFF=\"diff -u -N --color=always\" rkctl diff -f ./manifests/ -R"
    )]
    Diff(commands::diff::DiffArgs),
    /// Execute a command in a container.
    #[command(
        after_help = "Examples:\n  rkctl exec mypod -- date\n  rkctl exec mypod -c app -i -t -- sh\n  rkctl exec deploy/web -- ls /\n  echo hi | rkctl exec -i mypod -- head -n 1"
    )]
    Exec(commands::exec::ExecArgs),
    /// Attach to a process that is already running inside an existing container.
    #[command(
        after_help = "Examples:\n  rkctl attach mypod\n  rkctl attach mypod -c app -i -t\n  rkctl attach deploy/web"
    )]
    Attach(commands::attach::AttachArgs),
    /// Forward one or more local ports to a pod; for services and workloads, durably (a replaced
    /// pod's successor takes over).
    #[command(
        after_help = "Examples:\n  rkctl port-forward pod/mypod 5000 6000\n  rkctl port-forward deploy/web 8888:8080\n  rkctl port-forward svc/web :80\n  rkctl port-forward --address 0.0.0.0 pod/mypod 8888:5000"
    )]
    PortForward(commands::port_forward::PortForwardArgs),
    /// Copy files and directories to and from containers.
    #[command(
        after_help = "Examples:\n  rkctl cp /tmp/foo mypod:/tmp/bar\n  rkctl cp /tmp/foo other-ns/mypod:/tmp/bar -c app\n  rkctl cp mypod:/tmp/foo /tmp/bar"
    )]
    Cp(commands::cp::CpArgs),
    /// Display resource (CPU/memory) usage of pods or nodes (metrics.k8s.io).
    #[command(
        subcommand,
        after_help = "Examples:\n  rkctl top pod\n  rkctl top pod -A --containers\n  rkctl top node"
    )]
    Top(commands::top::TopCommand),
    /// Provides utilities for interacting with plugins (rkctl-NAME or kubectl-NAME on PATH).
    #[command(subcommand)]
    Plugin(commands::plugin::PluginCommand),
}

/// Parses the arguments, runs the command and turns the outcome into kubectl's exit code.
pub fn main_with_args(args: Vec<std::ffi::OsString>) -> ExitCode {
    if let Some(code) = run_plugin(&args) {
        return code;
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 1 } else { 0 });
        }
    };
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: starting the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = e.exit_code();
            let text = e.to_string();
            if !text.is_empty() {
                eprintln!("{text}");
            }
            ExitCode::from(code)
        }
    }
}

/// `rkctl NAME …` where NAME is no built-in command: the plugin for it, when PATH has one.
fn run_plugin(args: &[std::ffi::OsString]) -> Option<ExitCode> {
    let first = args.get(1)?.to_str()?;
    if first.starts_with('-') {
        return None;
    }
    let cmd = <Cli as clap::CommandFactory>::command();
    if cmd
        .get_subcommands()
        .any(|s| s.get_name() == first || s.get_all_aliases().any(|a| a == first))
    {
        return None;
    }
    let words: Vec<String> = args[1..]
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let (plugin, used) = commands::plugin::find(&words)?;
    let e = commands::plugin::exec(&plugin, &words[used..]);
    eprintln!("error: running plugin {}: {e}", plugin.display());
    Some(ExitCode::from(1))
}

async fn run(cli: Cli) -> Result<()> {
    let mut flags = cli.flags.clone();
    // `create rolebinding|clusterrolebinding --user` names a subject: as in kubectl, that local
    // flag shadows the global `--user` (the kubeconfig user), which clap fills with it too.
    if let Command::Create(commands::create::CreateArgs {
        what:
            Some(
                commands::generate::CreateCommand::Rolebinding(_)
                | commands::generate::CreateCommand::Clusterrolebinding(_),
            ),
        ..
    }) = &cli.command
    {
        flags.user = None;
    }
    let flags = &flags;
    match &cli.command {
        Command::Config(c) => commands::config::run(flags, c),
        Command::Version(a) => commands::version::run(flags, a).await,
        Command::Completion { shell } => commands::completion::run(*shell),
        Command::Plugin(c) => commands::plugin::run(c),
        Command::Complete { words } => commands::completion::complete(flags, words).await,
        Command::CompleteRefresh { resource } => {
            commands::completion::refresh(flags, resource).await
        }
        other => {
            let ctx = Ctx::connect(flags).await?;
            let outcome = match other {
                Command::Get(a) => commands::get::run(&ctx, a).await,
                Command::ApiResources(a) => commands::api_resources::run(&ctx, a).await,
                Command::ApiVersions => commands::api_resources::versions(&ctx).await,
                Command::Create(a) => match &a.what {
                    Some(what) => commands::generate::run(&ctx, what).await,
                    None => commands::create::create(&ctx, &a.files).await,
                },
                Command::Replace(a) => commands::create::replace(&ctx, a).await,
                Command::Delete(a) => commands::delete::run(&ctx, a).await,
                Command::Label(a) => {
                    commands::label::run(&ctx, a, commands::label::Which::Labels).await
                }
                Command::Annotate(a) => {
                    commands::label::run(&ctx, a, commands::label::Which::Annotations).await
                }
                Command::Scale(a) => commands::scale::run(&ctx, a).await,
                Command::Explain(a) => commands::explain::run(&ctx, a).await,
                Command::Auth(a) => commands::auth::run(&ctx, a).await,
                Command::ClusterInfo => commands::auth::cluster_info(&ctx).await,
                Command::Apply(a) => commands::apply::run(&ctx, a).await,
                Command::Describe(a) => commands::describe::run(&ctx, a).await,
                Command::Why(a) => commands::why::run(&ctx, a).await,
                Command::Tree(a) => commands::tree::run(&ctx, a).await,
                Command::Debug(a) => commands::debug::run(&ctx, a).await,
                Command::Patch(a) => commands::patch::run(&ctx, a).await,
                Command::Rollout(a) => commands::rollout::run(&ctx, a).await,
                Command::Set(a) => commands::set::run(&ctx, a).await,
                Command::Cordon(a) => commands::node::cordon(&ctx, a, true).await,
                Command::Uncordon(a) => commands::node::cordon(&ctx, a, false).await,
                Command::Drain(a) => commands::node::drain(&ctx, a).await,
                Command::Taint(a) => commands::node::taint(&ctx, a).await,
                Command::Wait(a) => commands::wait::wait(&ctx, a).await,
                Command::Events(a) => commands::wait::events(&ctx, a).await,
                Command::Run(a) => commands::run::run(&ctx, a).await,
                Command::Logs(a) => commands::logs::run(&ctx, a).await,
                Command::Expose(a) => commands::run::expose(&ctx, a).await,
                Command::Image(a) => commands::image::run(&ctx, a).await,
                Command::Edit(a) => commands::edit::run(&ctx, a).await,
                Command::Diff(a) => commands::diff::run(&ctx, a).await,
                Command::Exec(a) => commands::exec::command(&ctx, a).await,
                Command::Attach(a) => commands::attach::command(&ctx, a).await,
                Command::PortForward(a) => commands::port_forward::command(&ctx, a).await,
                Command::Top(a) => commands::top::run(&ctx, a).await,
                Command::Cp(a) => commands::cp::command(&ctx, a).await,
                Command::Config(_)
                | Command::Version(_)
                | Command::Completion { .. }
                | Command::Plugin(_)
                | Command::Complete { .. }
                | Command::CompleteRefresh { .. } => Err(Error::Usage("unreachable".into())),
            };
            outcome.map_err(|e| e.with_server(&ctx.host_port()))
        }
    }
}
