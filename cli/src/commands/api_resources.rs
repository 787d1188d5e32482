//! `rkctl api-resources` and `rkctl api-versions`, from discovery.

use clap::Args;

use crate::client::Ctx;
use crate::discovery::Discovery;
use crate::error::Result;
use crate::output::tabwriter;

#[derive(Args, Debug, Clone)]
pub struct ApiResourcesArgs {
    /// Output format: wide or name.
    #[arg(short = 'o', long)]
    pub output: Option<String>,
    /// If false, non-namespaced resources will be returned.
    #[arg(long)]
    pub namespaced: Option<bool>,
    /// Limit to resources in the specified API group.
    #[arg(long)]
    pub api_group: Option<String>,
    /// When using the default or custom-column output format, don't print headers.
    #[arg(long)]
    pub no_headers: bool,
    /// Limit to resources that support the specified verbs.
    #[arg(long, value_delimiter = ',')]
    pub verbs: Vec<String>,
    /// Field to sort by: name or kind.
    #[arg(long)]
    pub sort_by: Option<String>,
}

pub async fn run(ctx: &Ctx, args: &ApiResourcesArgs) -> Result<()> {
    let discovery = Discovery::load(ctx).await?;
    let mut resources: Vec<_> = discovery
        .resources
        .iter()
        .filter(|r| r.preferred && !r.resource.contains('/'))
        .filter(|r| args.namespaced.is_none_or(|n| n == r.namespaced))
        .filter(|r| args.api_group.as_ref().is_none_or(|g| g == &r.group))
        .filter(|r| args.verbs.iter().all(|v| r.verbs.contains(v)))
        .cloned()
        .collect();
    // kubectl sorts by group, then by name (or kind).
    resources.sort_by(|a, b| {
        a.group
            .cmp(&b.group)
            .then_with(|| match args.sort_by.as_deref() {
                Some("kind") => a.kind.cmp(&b.kind),
                _ => a.resource.cmp(&b.resource),
            })
    });
    if args.output.as_deref() == Some("name") {
        for r in &resources {
            crate::outln!("{}", r.qualified_plural());
        }
        discovery.finish().await;
        return Ok(());
    }
    let wide = args.output.as_deref() == Some("wide");
    let mut lines = Vec::new();
    if !args.no_headers {
        let mut h = "NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND".to_string();
        if wide {
            h.push_str("\tVERBS\tCATEGORIES");
        }
        lines.push(h);
    }
    for r in &resources {
        let mut l = format!(
            "{}\t{}\t{}\t{}\t{}",
            r.resource,
            r.short_names.join(","),
            r.api_version(),
            r.namespaced,
            r.kind
        );
        if wide {
            let mut verbs = r.verbs.clone();
            verbs.sort();
            l.push_str(&format!(
                "\t{}\t{}",
                verbs.join(","),
                r.categories.join(",")
            ));
        }
        lines.push(l);
    }
    crate::out!("{}", tabwriter::align(&lines));
    discovery.finish().await;
    Ok(())
}

pub async fn versions(ctx: &Ctx) -> Result<()> {
    let discovery = Discovery::load(ctx).await?;
    let mut versions: Vec<String> = discovery
        .resources
        .iter()
        .map(|r| r.api_version())
        .collect();
    versions.sort();
    versions.dedup();
    for v in versions {
        crate::outln!("{v}");
    }
    discovery.finish().await;
    Ok(())
}
