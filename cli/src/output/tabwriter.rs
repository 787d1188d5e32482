//! Go's `text/tabwriter` as kubectl configures it (min width 6, padding 3, space padding):
//! cells end with `\t`, the text after a line's last tab is not aligned, a column's width is the
//! widest cell in its block of consecutive lines plus the padding.

/// kubectl's `tabwriterMinWidth`.
const MIN_WIDTH: usize = 6;
/// kubectl's `tabwriterPadding`.
const PADDING: usize = 3;

/// Aligns tab-separated lines (each without its trailing newline) as kubectl prints them.
pub fn align(lines: &[String]) -> String {
    align_remembering(lines, &mut Vec::new())
}

/// Like [`align`], but columns never get narrower than in earlier calls with the same
/// `remembered` widths (kubectl's tabwriter keeps widths across the flushes of `get -w`).
pub fn align_remembering(lines: &[String], remembered: &mut Vec<usize>) -> String {
    let rows: Vec<Vec<&str>> = lines.iter().map(|l| l.split('\t').collect()).collect();
    let mut widths: Vec<Vec<usize>> = rows.iter().map(|r| vec![0; r.len()]).collect();
    // Column `c` is aligned within each run of consecutive lines having a cell terminated at `c`
    // (a line with n tab-separated parts has n-1 terminated cells).
    let max_cols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    for c in 0..max_cols {
        let mut i = 0;
        while i < rows.len() {
            if rows[i].len() <= c + 1 {
                i += 1;
                continue;
            }
            let start = i;
            let mut width = MIN_WIDTH;
            while i < rows.len() && rows[i].len() > c + 1 {
                width = width.max(text_width(rows[i][c]) + PADDING);
                i += 1;
            }
            if remembered.len() <= c {
                remembered.resize(c + 1, 0);
            }
            width = width.max(remembered[c]);
            remembered[c] = width;
            for w in widths.iter_mut().take(i).skip(start) {
                w[c] = width;
            }
        }
    }
    let mut out = String::new();
    for (row, w) in rows.iter().zip(&widths) {
        for (c, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if c + 1 < row.len() {
                for _ in text_width(cell)..w[c] {
                    out.push(' ');
                }
            }
        }
        out.push('\n');
    }
    out
}

fn text_width(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_pad_to_widest_cell_plus_three_but_last_is_bare() {
        let out = align(&[
            "NAME\tSTATUS\tAGE".to_string(),
            "default\tActive\t5m".to_string(),
        ]);
        assert_eq!(out, "NAME      STATUS   AGE\ndefault   Active   5m\n");
    }

    #[test]
    fn narrow_columns_keep_the_minimum_width() {
        assert_eq!(align(&["A\tB".to_string()]), "A     B\n");
    }
}
