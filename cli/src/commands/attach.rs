//! `rkctl attach POD|TYPE/NAME [-c C] [-i] [-t]`: the output (and with `-i` the input) of a
//! container's running process, over the same channel protocol as exec.

use clap::Args;

use crate::client::{Ctx, with_query};
use crate::commands::exec::{
    default_container, exit_with, find_pod, pod_path, session, session_params,
};
use crate::error::Result;

#[derive(Args, Debug, Clone)]
pub struct AttachArgs {
    /// The pod (NAME or TYPE/NAME).
    pub pod: String,
    /// Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation
    /// for selecting the container to be attached or the first container in the pod will be chosen.
    #[arg(short = 'c', long)]
    pub container: Option<String>,
    /// Pass stdin to the container.
    #[arg(short = 'i', long)]
    pub stdin: bool,
    /// Stdin is a TTY.
    #[arg(short = 't', long)]
    pub tty: bool,
    /// Only print output from the remote session.
    #[arg(short = 'q', long)]
    pub quiet: bool,
}

pub async fn command(ctx: &Ctx, args: &AttachArgs) -> Result<()> {
    let pod = find_pod(ctx, &ctx.namespace, &args.pod).await?;
    let name = pod["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let phase = pod["status"]["phase"].as_str().unwrap_or_default();
    if phase == "Succeeded" || phase == "Failed" {
        return Err(crate::error::Error::Usage(format!(
            "cannot attach a container in a completed pod; current phase is {phase}"
        )));
    }
    let container = match &args.container {
        Some(c) => c.clone(),
        None => default_container(&pod, args.quiet)?,
    };
    let mut tty = args.tty && args.stdin;
    if tty {
        let allocated = pod["spec"]["containers"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["name"] == container.as_str())
            .is_some_and(|c| c["tty"] == true);
        if !allocated {
            if !args.quiet {
                eprintln!("Unable to use a TTY - container {container} did not allocate one");
            }
            tty = false;
        } else if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            if !args.quiet {
                eprintln!(
                    "Unable to use a TTY - input is not a terminal or the right kind of file"
                );
            }
            tty = false;
        }
    }
    if !args.quiet {
        eprintln!("If you don't see a command prompt, try pressing enter.");
    }
    let path = with_query(
        &pod_path(&ctx.namespace, &name, "attach"),
        &session_params(&container, args.stdin, tty),
    );
    let outcome = session(ctx, &path, args.stdin, tty).await?;
    if tty && pod["spec"]["restartPolicy"].as_str().unwrap_or("Always") == "Always" {
        println!(
            "Session ended, resume using 'rkctl attach {name} -c {container} -i -t' command when the pod is running"
        );
    }
    exit_with(outcome)
}
