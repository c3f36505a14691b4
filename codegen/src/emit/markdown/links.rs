//! Link targets in published prose: where they point, by the edition of the text.

use super::Edition;

/// The English edition's site, and the Chinese edition's.
const ENGLISH_SITE: &str = "https://www.tencentcloud.com";
const CHINESE_SITE: &str = "https://cloud.tencent.com";
/// Hosts of the English site, old and new.
const ENGLISH_HOSTS: [&str; 2] = ["intl.cloud.tencent.com", "www.tencentcloud.com"];

/// `url` as a link of text from `edition`: without the `from_cn_redirect` parameter
/// that the English edition appends to every page it took from the Chinese site, on
/// the site of the text's edition where that parameter shows the page exists on both,
/// and absolute where the text gives a path on Tencent's own site. `None` for a target
/// that is not a web page (`javascript:`, an empty one).
pub fn clean(url: &str, edition: Edition) -> Option<String> {
    let url = url.trim();
    let absolute = if url.starts_with('/') && !url.starts_with("//") {
        format!("{}{url}", site(edition))
    } else if url.starts_with("http://")
        || url.starts_with("https://")
        || url.starts_with("mailto:")
        || url.starts_with('#')
    {
        url.to_owned()
    } else if url.starts_with("//") {
        format!("https:{url}")
    } else {
        return None;
    };
    let (without, redirected) = drop_redirect_parameter(&absolute);
    if redirected && edition == Edition::Chinese {
        for host in ENGLISH_HOSTS {
            for scheme in ["https://", "http://"] {
                if let Some(path) = without.strip_prefix(&format!("{scheme}{host}")) {
                    return Some(format!("{CHINESE_SITE}{path}"));
                }
            }
        }
    }
    Some(without)
}

fn site(edition: Edition) -> &'static str {
    match edition {
        Edition::English => ENGLISH_SITE,
        Edition::Chinese => CHINESE_SITE,
    }
}

/// `url` without its `from_cn_redirect` query parameter, and whether it had one.
fn drop_redirect_parameter(url: &str) -> (String, bool) {
    let (before_fragment, fragment) = match url.find('#') {
        Some(at) => url.split_at(at),
        None => (url, ""),
    };
    let Some((base, query)) = before_fragment.split_once('?') else {
        return (url.to_owned(), false);
    };
    // A second `?` is a separator too: `?from=11329?from_cn_redirect=1` (vod).
    let parameters = || query.split(['&', '?']).filter(|p| !p.is_empty());
    let kept: Vec<&str> = parameters()
        .filter(|p| p.split('=').next() != Some("from_cn_redirect"))
        .collect();
    let dropped = kept.len() != parameters().count();
    let mut out = base.to_owned();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    out.push_str(fragment);
    (out, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    // spec/cvm/2017-03-12.json, DescribeInstancesRequest.Filters (English edition).
    #[test]
    fn the_redirect_parameter_is_dropped_and_english_links_stay_english() {
        assert_eq!(
            clean(
                "https://intl.cloud.tencent.com/document/product/416?from_cn_redirect=1",
                Edition::English
            )
            .unwrap(),
            "https://intl.cloud.tencent.com/document/product/416"
        );
        assert_eq!(
            clean(
                "https://www.tencentcloud.com/document/api/1822/133718?from_cn_redirect=1",
                Edition::English
            )
            .unwrap(),
            "https://www.tencentcloud.com/document/api/1822/133718"
        );
    }

    #[test]
    fn other_parameters_and_fragments_are_kept() {
        assert_eq!(
            clean("https://x.com/a?b=1&from_cn_redirect=1#c", Edition::English).unwrap(),
            "https://x.com/a?b=1#c"
        );
        assert_eq!(
            clean("https://x.com/a?from_cn_redirect=1&b=2", Edition::English).unwrap(),
            "https://x.com/a?b=2"
        );
        assert_eq!(
            clean("https://x.com/a?b=2", Edition::English).unwrap(),
            "https://x.com/a?b=2"
        );
        // spec/vod/2018-07-17.json, ApplyUpload.StorageRegion: two `?`.
        assert_eq!(
            clean(
                "https://www.tencentcloud.com/document/product/266/14059?from=11329?from_cn_redirect=1#.E5",
                Edition::English
            )
            .unwrap(),
            "https://www.tencentcloud.com/document/product/266/14059?from=11329#.E5"
        );
    }

    #[test]
    fn chinese_text_points_at_the_chinese_site() {
        assert_eq!(
            clean(
                "https://intl.cloud.tencent.com/document/product/213/15753?from_cn_redirect=1",
                Edition::Chinese
            )
            .unwrap(),
            "https://cloud.tencent.com/document/product/213/15753"
        );
        assert_eq!(
            clean("/document/product/213/6091", Edition::Chinese).unwrap(),
            "https://cloud.tencent.com/document/product/213/6091"
        );
        assert_eq!(
            clean("/document/product/213/6091", Edition::English).unwrap(),
            "https://www.tencentcloud.com/document/product/213/6091"
        );
    }

    #[test]
    fn targets_that_are_not_pages_are_refused() {
        assert_eq!(clean("javascript:void(0)", Edition::English), None);
        assert_eq!(clean("", Edition::English), None);
        assert_eq!(clean("DescribeZones", Edition::English), None);
        assert_eq!(clean("#Filter", Edition::English).unwrap(), "#Filter");
    }
}
