//! Container logs as kubelet serves them (`/containerLogs/{ns}/{pod}/{container}`): CRI log
//! files (`<timestamp> <stream> <P|F> <content>`) read back with the options of `kubectl logs`
//! — tailLines, sinceSeconds/sinceTime, timestamps, limitBytes, follow — partial (`P`) lines
//! joined with the line that completes them, and a followed file reopened when the runtime
//! rotates it (renamed away and a new one created at the same path).

use std::io::SeekFrom;
use std::path::{Path, PathBuf};
use std::time::Duration;

use bytes::Bytes;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncSeekExt, BufReader};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid value {value:?} for {param}")]
    Invalid { param: &'static str, value: String },
}

/// The query of a containerLogs request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogOptions {
    pub follow: bool,
    pub previous: bool,
    pub timestamps: bool,
    pub tail_lines: Option<u64>,
    /// Unix seconds: lines before this are skipped (sinceSeconds or sinceTime).
    pub since: Option<i64>,
    pub limit_bytes: Option<u64>,
}

fn truthy(v: &str) -> bool {
    matches!(v, "1" | "t" | "T" | "true" | "True" | "TRUE")
}

impl LogOptions {
    /// Parses the query; `now` (Unix seconds) turns sinceSeconds into a time.
    pub fn from_query(query: &str, now: i64) -> Result<LogOptions, Error> {
        let mut o = LogOptions::default();
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
            let invalid = |param| Error::Invalid {
                param,
                value: v.to_string(),
            };
            match &*k {
                "follow" => o.follow = truthy(&v),
                "previous" => o.previous = truthy(&v),
                "timestamps" => o.timestamps = truthy(&v),
                "tailLines" => o.tail_lines = Some(v.parse().map_err(|_| invalid("tailLines"))?),
                "limitBytes" => {
                    o.limit_bytes = Some(v.parse().map_err(|_| invalid("limitBytes"))?);
                }
                "sinceSeconds" => {
                    let s: i64 = v.parse().map_err(|_| invalid("sinceSeconds"))?;
                    o.since = Some(now - s);
                }
                "sinceTime" => {
                    o.since =
                        Some(crate::time::parse_rfc3339(&v).ok_or_else(|| invalid("sinceTime"))?);
                }
                _ => {}
            }
        }
        Ok(o)
    }
}

/// One line of a CRI log file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CriLine<'a> {
    pub timestamp: &'a str,
    pub stream: &'a str,
    pub partial: bool,
    pub content: &'a [u8],
}

/// Parses `2016-10-06T00:17:09.669794202Z stdout F content` (the newline already removed).
pub fn parse_cri(line: &[u8]) -> Option<CriLine<'_>> {
    let mut parts = line.splitn(4, |b| *b == b' ');
    let timestamp = std::str::from_utf8(parts.next()?).ok()?;
    let stream = std::str::from_utf8(parts.next()?).ok()?;
    let tag = parts.next()?;
    let content = parts.next().unwrap_or(b"");
    if !matches!(stream, "stdout" | "stderr") {
        return None;
    }
    // The tag may carry more flags after a ':'; P (partial) is the first.
    let partial = tag.first() == Some(&b'P');
    Some(CriLine {
        timestamp,
        stream,
        partial,
        content,
    })
}

/// A CRI line with its text: `2025-01-01T00:00:00.000000000Z stdout F hello\n`.
pub fn format_cri(timestamp: &str, stream: &str, content: &str) -> String {
    format!("{timestamp} {stream} F {content}\n")
}

/// Joins partial lines per stream and applies `since` and `timestamps`.
#[derive(Default)]
struct Assembler {
    pending: [Vec<u8>; 2],
}

impl Assembler {
    /// Feeds one file line; answers a complete log line (with its newline) when there is one.
    fn feed(&mut self, raw: &[u8], options: &LogOptions) -> Option<Vec<u8>> {
        let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
        let line = parse_cri(raw)?;
        let slot = usize::from(line.stream == "stderr");
        self.pending[slot].extend_from_slice(line.content);
        if line.partial {
            return None;
        }
        let content = std::mem::take(&mut self.pending[slot]);
        if let Some(since) = options.since
            && crate::time::parse_rfc3339(line.timestamp).is_some_and(|t| t < since)
        {
            return None;
        }
        let mut out = Vec::with_capacity(content.len() + 40);
        if options.timestamps {
            out.extend_from_slice(line.timestamp.as_bytes());
            out.push(b' ');
        }
        out.extend_from_slice(&content);
        out.push(b'\n');
        Some(out)
    }
}

/// Counts what was sent against limitBytes.
struct Limit(Option<u64>);

impl Limit {
    /// The part of `line` that still fits; None once the limit is spent.
    fn take(&mut self, mut line: Vec<u8>) -> Option<Vec<u8>> {
        match &mut self.0 {
            None => Some(line),
            Some(0) => None,
            Some(left) => {
                if line.len() as u64 > *left {
                    line.truncate(*left as usize);
                }
                *left -= line.len() as u64;
                Some(line)
            }
        }
    }
}

/// The log lines of one file already written, after tailLines/since/timestamps.
pub async fn read_existing(
    path: &Path,
    options: &LogOptions,
) -> std::io::Result<(Vec<Vec<u8>>, u64)> {
    let mut file = tokio::fs::File::open(path).await?;
    let mut data = Vec::new();
    file.read_to_end(&mut data).await?;
    // Only whole lines: a line being written is read when it is complete.
    let end = data.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let mut asm = Assembler::default();
    let mut lines: Vec<Vec<u8>> = data[..end]
        .split_inclusive(|b| *b == b'\n')
        .filter_map(|raw| asm.feed(raw, options))
        .collect();
    if let Some(n) = options.tail_lines {
        let skip = lines.len().saturating_sub(n as usize);
        lines.drain(..skip);
    }
    Ok((lines, end as u64))
}

fn file_id(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

/// Streams the log at `path` into `tx`: what is there, then (with `follow`) what gets written,
/// reopening the path when the file is rotated, until the receiver goes away or `stop` (after
/// reading what the file holds by then: `stop` is also "the container stopped").
pub async fn stream(
    path: PathBuf,
    options: LogOptions,
    tx: mpsc::Sender<Bytes>,
    stop: CancellationToken,
) {
    let mut limit = Limit(options.limit_bytes);
    let (lines, mut offset) = match read_existing(&path, &options).await {
        Ok(r) => r,
        Err(e) => {
            tracing::debug!(path = %path.display(), error = %e, "reading a container log");
            return;
        }
    };
    for line in lines {
        let Some(line) = limit.take(line) else { return };
        if tx.send(Bytes::from(line)).await.is_err() {
            return;
        }
    }
    if !options.follow {
        return;
    }
    let mut asm = Assembler::default();
    let mut id = std::fs::metadata(&path).ok().map(|m| file_id(&m));
    let mut reader = match open_at(&path, offset).await {
        Some(r) => r,
        None => return,
    };
    let mut buf = Vec::new();
    let mut stopping = false;
    loop {
        buf.clear();
        let n = match reader.read_until(b'\n', &mut buf).await {
            Ok(n) => n,
            Err(_) => return,
        };
        if n > 0 && buf.ends_with(b"\n") {
            offset += n as u64;
            if let Some(line) = asm.feed(&buf, &options) {
                let Some(line) = limit.take(line) else { return };
                if tx.send(Bytes::from(line)).await.is_err() {
                    return;
                }
            }
            continue;
        }
        // An incomplete line: read it again once it is complete.
        if n > 0 && reader.seek(SeekFrom::Start(offset)).await.is_err() {
            return;
        }
        if stopping {
            return;
        }
        tokio::select! {
            // One more pass reads what was written up to now.
            () = stop.cancelled() => stopping = true,
            () = tx.closed() => return,
            () = tokio::time::sleep(Duration::from_millis(200)) => {}
        }
        // Rotated: a new file at the path. Finish the old one first (done above), then switch.
        let now = std::fs::metadata(&path).ok().map(|m| file_id(&m));
        if now.is_some() && now != id {
            id = now;
            offset = 0;
            reader = match open_at(&path, 0).await {
                Some(r) => r,
                None => return,
            };
        }
    }
}

async fn open_at(path: &Path, offset: u64) -> Option<BufReader<tokio::fs::File>> {
    let mut f = tokio::fs::File::open(path).await.ok()?;
    f.seek(SeekFrom::Start(offset)).await.ok()?;
    Some(BufReader::new(f))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// Follows `p` (written with one line, "first"), once that line has arrived.
    async fn follow_after_first_line(
        p: &Path,
    ) -> (
        mpsc::Receiver<Bytes>,
        CancellationToken,
        tokio::task::JoinHandle<()>,
    ) {
        std::fs::write(p, format_cri("2024-01-01T00:00:01Z", "stdout", "first")).unwrap();
        let (tx, mut rx) = mpsc::channel(16);
        let stop = CancellationToken::new();
        let o = LogOptions {
            follow: true,
            ..LogOptions::default()
        };
        let task = tokio::spawn(stream(p.to_path_buf(), o, tx, stop.clone()));
        assert_eq!(rx.recv().await.unwrap(), Bytes::from_static(b"first\n"));
        (rx, stop, task)
    }

    /// Appends one stdout line to a CRI log file.
    fn append(p: &Path, timestamp: &str, content: &str) {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new().append(true).open(p).unwrap();
        f.write_all(format_cri(timestamp, "stdout", content).as_bytes())
            .unwrap();
    }

    fn tempdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("rk-logs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn cri_lines_parse_into_time_stream_tag_and_content() {
        let l = parse_cri(b"2016-10-06T00:17:09.669794202Z stdout P hello world").unwrap();
        assert_eq!(
            (l.timestamp, l.stream, l.partial, l.content),
            (
                "2016-10-06T00:17:09.669794202Z",
                "stdout",
                true,
                &b"hello world"[..]
            )
        );
        assert!(parse_cri(b"garbage").is_none());
        assert_eq!(
            parse_cri(b"2016-10-06T00:17:09Z stderr F").unwrap().content,
            b""
        );
    }

    #[tokio::test]
    async fn partial_lines_join_and_tail_counts_whole_lines() {
        let d = tempdir("tail");
        let p = d.join("0.log");
        std::fs::write(
            &p,
            "2024-01-01T00:00:01Z stdout F one\n2024-01-01T00:00:02Z stdout P tw\n2024-01-01T00:00:02Z stdout F o\n2024-01-01T00:00:03Z stderr F three\n2024-01-01T00:00:04Z stdout F half-writ",
        )
        .unwrap();
        let all = read_existing(&p, &LogOptions::default()).await.unwrap().0;
        assert_eq!(
            all,
            vec![b"one\n".to_vec(), b"two\n".to_vec(), b"three\n".to_vec()]
        );
        let o = LogOptions {
            tail_lines: Some(2),
            timestamps: true,
            ..LogOptions::default()
        };
        let tail = read_existing(&p, &o).await.unwrap().0;
        assert_eq!(
            tail,
            vec![
                b"2024-01-01T00:00:02Z two\n".to_vec(),
                b"2024-01-01T00:00:03Z three\n".to_vec()
            ]
        );
        let o = LogOptions {
            since: crate::time::parse_rfc3339("2024-01-01T00:00:03Z"),
            ..LogOptions::default()
        };
        assert_eq!(
            read_existing(&p, &o).await.unwrap().0,
            vec![b"three\n".to_vec()]
        );
        std::fs::remove_dir_all(d).unwrap();
    }

    #[test]
    fn options_come_from_kubelets_query_parameters() {
        let o = LogOptions::from_query(
            "follow=true&tailLines=5&sinceSeconds=10&timestamps=1&limitBytes=7",
            100,
        )
        .unwrap();
        assert_eq!(
            o,
            LogOptions {
                follow: true,
                previous: false,
                timestamps: true,
                tail_lines: Some(5),
                since: Some(90),
                limit_bytes: Some(7)
            }
        );
        assert!(LogOptions::from_query("tailLines=x", 0).is_err());
    }

    #[tokio::test]
    async fn following_reads_new_lines_across_a_rotation_and_stops_at_limit_bytes() {
        let d = tempdir("follow");
        let p = d.join("0.log");
        let (mut rx, stop, task) = follow_after_first_line(&p).await;
        append(&p, "2024-01-01T00:00:02Z", "second");
        assert_eq!(rx.recv().await.unwrap(), Bytes::from_static(b"second\n"));
        std::fs::rename(&p, d.join("0.log.20240101")).unwrap();
        std::fs::write(&p, format_cri("2024-01-01T00:00:03Z", "stdout", "rotated")).unwrap();
        assert_eq!(rx.recv().await.unwrap(), Bytes::from_static(b"rotated\n"));
        stop.cancel();
        task.await.unwrap();

        let (tx, mut rx) = mpsc::channel(16);
        let o = LogOptions {
            limit_bytes: Some(4),
            ..LogOptions::default()
        };
        stream(p.clone(), o, tx, CancellationToken::new()).await;
        assert_eq!(rx.recv().await.unwrap(), Bytes::from_static(b"rota"));
        assert!(rx.recv().await.is_none());
        std::fs::remove_dir_all(d).unwrap();
    }

    #[tokio::test]
    async fn a_stopped_follow_still_sends_what_the_file_holds_then_ends() {
        let d = tempdir("stopped");
        let p = d.join("0.log");
        let (mut rx, stop, task) = follow_after_first_line(&p).await;
        append(&p, "2024-01-01T00:00:02Z", "last");
        // Stopped before the stream saw the last line (it polls every 200 ms).
        stop.cancel();
        let mut rest = Vec::new();
        while let Some(b) = rx.recv().await {
            rest.push(b);
        }
        assert_eq!(rest, [Bytes::from_static(b"last\n")]);
        task.await.unwrap();
        std::fs::remove_dir_all(d).unwrap();
    }
}
