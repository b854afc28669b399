//! `faq`: builds the FAQ bundle from the Markdown content, and runs searches against a bundle, for
//! authors checking their articles and for tuning the search.
//!
//! ```text
//! faq build <content-dir> <out.json>
//! faq build --per-language <content-dir> <out-dir/ | out-prefix>
//! faq query <faq.json> --lang <lang> [--market <market>] [--limit <n>]   (queries on stdin)
//! ```
//!
//! `build` reads `<content-dir>/<lang>/<id>.md` (or `<content-dir>/faq/…`) and writes the bundle
//! the widget fetches. With `--per-language` it writes one bundle per language instead,
//! `<out-dir>/<lang>.json` or `<out-prefix><lang>.json` (`public/demo/faq-` gives
//! `public/demo/faq-nb.json` …), for a `faq-src` with `{lang}`: a buyer then downloads their own
//! language first and the others only when the search falls back to them. `query` reads one query per line and prints one JSON line per query:
//! `{"query": …, "hits": [{"id", "title", "lang", "score"}]}`. Errors go to stderr, exit code 2.

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::run(&args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("faq: {message}");
            std::process::ExitCode::from(2)
        }
    }
}

mod cli {
    use std::fs;
    use std::io::{self, BufRead, Write};
    use std::path::Path;

    use selfhelp::domain::Lang;
    use selfhelp::faq::article::FaqBundle;
    use selfhelp::faq::index::Index;
    use selfhelp::faq::search::{search, SearchOptions};
    use selfhelp_faq::content::load_dir;
    use serde_json::json;

    const USAGE: &str = "usage:
  faq build <content-dir> <out.json>
  faq build --per-language <content-dir> <out-dir/ | out-prefix>   (<out><lang>.json for faq-src=\"…{lang}…\")
  faq query <faq.json> --lang <nb|sv|da|fi|en> [--market <no|se|dk|fi>] [--limit <n>] < queries
  faq grow <faq.json> <count> <out.json>   (a large FAQ for the speed benchmark)";

    pub fn run(args: &[String]) -> Result<(), String> {
        match args.first().map(String::as_str) {
            Some("build") => match &args[1..] {
                [flag, content, out] if flag == "--per-language" => {
                    build_per_language(Path::new(content), out)
                }
                [content, out] => build(Path::new(content), Path::new(out)),
                _ => Err(format!("build takes <content-dir> <out.json>\n{USAGE}")),
            },
            Some("query") => query(&args[1..]),
            Some("grow") => match &args[1..] {
                [from, count, out] => grow(Path::new(from), count, Path::new(out)),
                _ => Err(format!("grow takes <faq.json> <count> <out.json>\n{USAGE}")),
            },
            Some("-h" | "--help" | "help") => {
                println!("{USAGE}");
                Ok(())
            }
            Some(other) => Err(format!("unknown command `{other}`\n{USAGE}")),
            None => Err(USAGE.to_owned()),
        }
    }

    fn grow(from: &Path, count: &str, out: &Path) -> Result<(), String> {
        let count: usize = count.parse().map_err(|_| format!("not a count: {count}"))?;
        let json = fs::read_to_string(from).map_err(|e| format!("{}: {e}", from.display()))?;
        let bundle = FaqBundle::from_json(&json).map_err(|e| e.to_string())?;
        let grown = bundle.grown(count).to_json().map_err(|e| e.to_string())?;
        fs::write(out, &grown).map_err(|e| format!("{}: {e}", out.display()))?;
        println!(
            "{count} articles, {} bytes to {}",
            grown.len(),
            out.display()
        );
        Ok(())
    }

    /// The bundle of `content`: the content root or its `faq` directory.
    fn load_bundle(content: &Path) -> Result<FaqBundle, String> {
        let nested = content.join("faq");
        let dir = if nested.is_dir() {
            nested.as_path()
        } else {
            content
        };
        Ok(load_dir(dir).map_err(|e| e.to_string())?.for_widget())
    }

    /// Where `--per-language` writes `lang`'s bundle: inside `out` when it is a directory (or
    /// ends with `/`), else after the prefix `out`.
    fn per_language_path(out: &str, lang: Lang) -> std::path::PathBuf {
        if out.ends_with('/') || Path::new(out).is_dir() {
            Path::new(out).join(format!("{}.json", lang.code()))
        } else {
            format!("{out}{}.json", lang.code()).into()
        }
    }

    fn build_per_language(content: &Path, out: &str) -> Result<(), String> {
        let bundle = load_bundle(content)?;
        for lang in Lang::ALL {
            let articles = bundle
                .articles
                .iter()
                .filter(|article| article.lang == lang)
                .cloned()
                .collect::<Vec<_>>();
            let count = articles.len();
            let json = FaqBundle::new(articles)
                .to_json()
                .map_err(|e| e.to_string())?;
            let path = per_language_path(out, lang);
            fs::write(&path, &json).map_err(|e| format!("{}: {e}", path.display()))?;
            println!(
                "{count} articles, {} bytes to {}",
                json.len(),
                path.display()
            );
        }
        Ok(())
    }

    fn build(content: &Path, out: &Path) -> Result<(), String> {
        let bundle = load_bundle(content)?;
        let json = bundle.to_json().map_err(|e| e.to_string())?;
        fs::write(out, &json).map_err(|e| format!("{}: {e}", out.display()))?;
        let ids = bundle
            .articles
            .iter()
            .map(|article| article.id.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        println!(
            "{} articles ({ids} ids in {} languages), {} bytes to {}",
            bundle.articles.len(),
            Lang::ALL.len(),
            json.len(),
            out.display()
        );
        Ok(())
    }

    fn query(args: &[String]) -> Result<(), String> {
        let Some((path, flags)) = args.split_first() else {
            return Err(format!("query takes <faq.json>\n{USAGE}"));
        };
        let mut lang = None;
        let mut market = None;
        let mut limit = 10;
        let mut flags = flags.iter();
        while let Some(flag) = flags.next() {
            let mut value = || {
                flags
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("{flag} needs a value"))
            };
            match flag.as_str() {
                "--lang" => {
                    let tag = value()?;
                    let parsed = Lang::from_tag(&tag);
                    lang = Some(parsed.ok_or_else(|| format!("unknown language `{tag}`"))?);
                }
                "--market" => {
                    let code = value()?.to_ascii_lowercase();
                    if !["no", "se", "dk", "fi"].contains(&code.as_str()) {
                        return Err(format!("unknown market `{code}`"));
                    }
                    market = Some(code);
                }
                "--limit" => {
                    let text = value()?;
                    limit = text
                        .parse()
                        .map_err(|_| format!("--limit wants a number, not `{text}`"))?;
                }
                other => return Err(format!("unknown option `{other}`\n{USAGE}")),
            }
        }
        let lang = lang.ok_or_else(|| format!("query needs --lang\n{USAGE}"))?;

        let json = fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        let bundle = FaqBundle::from_json(&json).map_err(|e| format!("{path}: {e}"))?;
        let index = Index::build(bundle);
        let opts = SearchOptions {
            lang,
            market,
            limit,
        };

        let stdout = io::stdout();
        let mut out = stdout.lock();
        for line in io::stdin().lock().lines() {
            let line = line.map_err(|e| format!("stdin: {e}"))?;
            let query = line.trim();
            let hits: Vec<serde_json::Value> = search(&index, query, &opts)
                .iter()
                .map(|hit| {
                    json!({
                        "id": hit.id,
                        "title": hit.title,
                        "lang": hit.lang.code(),
                        "score": (f64::from(hit.score) * 1000.0).round() / 1000.0,
                    })
                })
                .collect();
            let record = json!({ "query": query, "hits": hits });
            writeln!(out, "{record}").map_err(|e| format!("stdout: {e}"))?;
        }
        out.flush().map_err(|e| format!("stdout: {e}"))
    }
}
