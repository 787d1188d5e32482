//! `rkctl edit TYPE NAME`: kubectl's edit loop — the object (without managedFields) goes to a
//! temporary file under kubectl's header comment, `KUBE_EDITOR`/`EDITOR` (else `vi`) opens it,
//! and the change is sent as a strategic merge patch (a JSON merge patch for custom kinds).
//! An unchanged file is "Edit cancelled, no changes made."; a failed save re-opens the file
//! with the server's error as comments at the top, as kubectl does.

use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::Value;

use crate::client::{Ctx, with_query};
use crate::commands::common::{Target, targets};
use crate::commands::get::strip_managed_fields;
use crate::error::{Error, Result};
use crate::manifest;
use crate::output::{json as json_out, yaml};

const HEADER: &str = "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

#[derive(Args, Debug, Clone)]
pub struct EditArgs {
    /// TYPE NAME or TYPE/NAME.
    pub args: Vec<String>,
    /// Output format for the file to edit: yaml (default) or json.
    #[arg(short = 'o', long, default_value = "yaml")]
    pub output: String,
    /// Name of the manager used to track field ownership.
    #[arg(long, default_value = "kubectl-edit")]
    pub field_manager: String,
}

pub async fn run(ctx: &Ctx, args: &EditArgs) -> Result<()> {
    if args.output != "yaml" && args.output != "json" {
        return Err(Error::Usage(format!(
            "the flag 'output' must be one of yaml|json, not \"{}\"",
            args.output
        )));
    }
    let mut errors = Vec::new();
    for target in targets(ctx, &args.args).await? {
        if let Err(e) = edit_one(ctx, args, &target).await {
            errors.push(e);
        }
    }
    crate::commands::get::finish_errors(errors)
}

async fn edit_one(ctx: &Ctx, args: &EditArgs, target: &Target) -> Result<()> {
    let path = target.path();
    let mut original = ctx.get_json(&path, "application/json").await?;
    strip_managed_fields(&mut original);
    let shown = render(&original, &args.output);
    let file = temp_file(&args.output);
    let mut body = shown.clone();
    let mut failure: Option<String> = None;
    let mut last_error: Option<String> = None;
    let outcome = loop {
        let mut text = String::from(HEADER);
        if let Some(f) = &failure {
            text.push_str(f);
        }
        text.push_str(&body);
        write(&file, &text)?;
        open_editor(&file)?;
        let edited = read(&file)?;
        let content = strip_comments(&edited);
        if content.trim().is_empty() {
            break Err(Error::Usage("Edit cancelled, saved file was empty.".into()));
        }
        if content == shown && failure.is_none() {
            eprintln!("Edit cancelled, no changes made.");
            break Ok(());
        }
        if content == body && failure.is_some() {
            let kept = keep_copy(&file);
            let mut text = last_error.take().map(|e| e + "\n").unwrap_or_default();
            text.push_str(&format!(
                "A copy of your changes has been stored to \"{kept}\"\nerror: Edit cancelled, no valid changes were saved."
            ));
            break Err(Error::Plain(text));
        }
        body = content.clone();
        let mut docs = Vec::new();
        if let Err(e) = manifest::parse_into("edited file", &content, &mut docs) {
            failure = Some(comment(&format!("The edited file had a syntax error: {e}")));
            continue;
        }
        let Some(edited) = docs.into_iter().next().map(|m| m.object) else {
            break Err(Error::Usage("Edit cancelled, saved file was empty.".into()));
        };
        match send(ctx, args, target, &original, &edited).await {
            Ok(()) => {
                crate::outln!("{}/{} edited", target.prefix(), target.name);
                break Ok(());
            }
            Err(e) => {
                failure = Some(error_comment(target, &e));
                last_error = Some(summary(target, &e));
            }
        }
    };
    let _ = std::fs::remove_file(&file);
    outcome
}

/// The patch from what was shown to what was saved, sent like kubectl's (no change: no request).
async fn send(
    ctx: &Ctx,
    args: &EditArgs,
    target: &Target,
    original: &Value,
    edited: &Value,
) -> Result<()> {
    let r = &target.resource;
    let schema = rk_api::patch::Schema::served(&r.group, &r.version, &r.kind);
    let (patch, content_type) = if schema.is_unknown() {
        (merge_diff(original, edited), "application/merge-patch+json")
    } else {
        (
            rk_api::patch::three_way::three_way(original, edited, original, schema)
                .map_err(|e| Error::Usage(format!("creating patch: {e}")))?,
            "application/strategic-merge-patch+json",
        )
    };
    if patch.as_object().is_some_and(|p| p.is_empty()) {
        return Ok(());
    }
    ctx.send_json(
        http::Method::PATCH,
        &with_query(
            &target.path(),
            &[("fieldManager", args.field_manager.clone())],
        ),
        content_type,
        &patch,
    )
    .await
    .map(|_| ())
}

/// A JSON merge patch turning `from` into `to`.
fn merge_diff(from: &Value, to: &Value) -> Value {
    match (from, to) {
        (Value::Object(a), Value::Object(b)) => {
            let mut out = serde_json::Map::new();
            for (k, v) in b {
                match a.get(k) {
                    Some(old) if old == v => {}
                    Some(old) if old.is_object() && v.is_object() => {
                        out.insert(k.clone(), merge_diff(old, v));
                    }
                    _ => {
                        out.insert(k.clone(), v.clone());
                    }
                }
            }
            for k in a.keys() {
                if !b.contains_key(k) {
                    out.insert(k.clone(), Value::Null);
                }
            }
            Value::Object(out)
        }
        _ => to.clone(),
    }
}

fn render(object: &Value, format: &str) -> String {
    if format == "json" {
        json_out::to_string(object)
    } else {
        yaml::to_string(object)
    }
}

/// The server's error as the comment block kubectl puts above the re-opened object.
fn error_comment(target: &Target, e: &Error) -> String {
    if let Error::Server(status) = e
        && status.reason == "Invalid"
    {
        let mut text = format!(
            "{} {:?} was not valid:\n",
            target.resource.qualified_plural(),
            target.name
        );
        for c in status.details.iter().flat_map(|d| d.causes.iter()) {
            if c.field.is_empty() {
                text.push_str(&format!("* {}\n", c.message));
            } else {
                text.push_str(&format!("* {}: {}\n", c.field, c.message));
            }
        }
        return comment(&text);
    }
    comment(&format!(
        "{} {:?} could not be patched: {}",
        target.resource.qualified_plural(),
        target.name,
        e.to_string().trim_start_matches("error: ")
    ))
}

/// The line kubectl prints for the failed save when the user gives up.
fn summary(target: &Target, e: &Error) -> String {
    match e {
        Error::Server(status) if status.reason == "Invalid" => format!(
            "error: {} {:?} is invalid",
            target.resource.qualified_plural(),
            target.name
        ),
        other => other.to_string(),
    }
}

/// Each line of `text` as a `# ` comment, then a lone `#`.
fn comment(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("#\n");
    out
}

/// The file without its comment lines.
fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        if !line.trim_start().starts_with('#') {
            out.push_str(line);
        }
    }
    out
}

fn temp_file(format: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    std::env::temp_dir().join(format!(
        "rkctl-edit-{}-{nanos}.{format}",
        std::process::id()
    ))
}

/// Copies the rejected edit where the user can find it, as kubectl does.
fn keep_copy(file: &Path) -> String {
    let kept = file.with_file_name(format!(
        "{}-kept.{}",
        file.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        file.extension()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    let _ = std::fs::copy(file, &kept);
    kept.display().to_string()
}

fn write(file: &Path, text: &str) -> Result<()> {
    std::fs::write(file, text).map_err(|source| Error::Io {
        context: format!("writing {}", file.display()),
        source,
    })
}

fn read(file: &Path) -> Result<String> {
    std::fs::read_to_string(file).map_err(|source| Error::Io {
        context: format!("reading {}", file.display()),
        source,
    })
}

/// The editor command as kubectl builds it: one word runs as is, words without quotes or
/// backslashes split on spaces, anything else runs through `sh -c` with the file appended.
pub fn editor_command(editor: &str, file: &str) -> Vec<String> {
    if !editor.contains(' ') {
        return vec![editor.to_string(), file.to_string()];
    }
    if !editor.contains(['"', '\'', '\\']) {
        let mut argv: Vec<String> = editor.split(' ').map(str::to_string).collect();
        argv.push(file.to_string());
        return argv;
    }
    vec!["sh".into(), "-c".into(), format!("{editor} {file}")]
}

fn open_editor(file: &Path) -> Result<()> {
    let editor = ["KUBE_EDITOR", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "vi".into());
    let argv = editor_command(&editor, &file.display().to_string());
    let status = std::process::Command::new(&argv[0])
        .args(&argv[1..])
        .status()
        .map_err(|source| Error::Io {
            context: format!("unable to launch the editor \"{editor}\""),
            source,
        })?;
    if !status.success() {
        return Err(Error::Usage(format!(
            "there was a problem with the editor \"{editor}\""
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn editors_with_arguments_split_like_kubectl_and_quoted_ones_go_through_sh() {
        assert_eq!(editor_command("vi", "/t/f"), ["vi", "/t/f"]);
        assert_eq!(
            editor_command("code --wait", "/t/f"),
            ["code", "--wait", "/t/f"]
        );
        assert_eq!(
            editor_command("sed -i 's/a/b/'", "/t/f"),
            ["sh", "-c", "sed -i 's/a/b/' /t/f"]
        );
    }

    #[test]
    fn comment_lines_are_dropped_from_the_saved_file() {
        assert_eq!(strip_comments("# x\na: 1\n  # y\nb: 2\n"), "a: 1\nb: 2\n");
    }

    #[test]
    fn errors_are_commented_line_by_line_and_closed_with_a_lone_hash() {
        assert_eq!(comment("a\nb\n"), "# a\n# b\n#\n");
    }

    #[test]
    fn merge_diffs_set_changed_fields_and_null_removed_ones() {
        let a = json!({"spec": {"x": 1, "y": 2}, "k": "v"});
        let b = json!({"spec": {"x": 3}, "k": "v"});
        assert_eq!(merge_diff(&a, &b), json!({"spec": {"x": 3, "y": null}}));
    }
}
