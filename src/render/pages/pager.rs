//! Lists split over several pages: the dossiers, the timeline, the
//! contradictions, and the long lists of an entity's page. Page 1 is the
//! list's own address; page `n` is `BASE/page/n/`.

use std::ops::Range;

use serde::Serialize;

use super::PagePath;
use crate::render::urls::Urls;

/// The folder of page `number` (from 1) of the list at `base`.
pub fn paged_path(base: &str, number: usize) -> String {
    if number == 1 {
        base.to_string()
    } else {
        format!("{base}page/{number}/")
    }
}

/// How many pages `entries` take at `per_page` a page (one, even when empty).
pub fn page_count(entries: usize, per_page: usize) -> usize {
    entries.div_ceil(per_page).max(1)
}

/// Each page of a list of `entries` at `base`: its path, its number and
/// the range of entries it shows.
pub fn split(
    base: &str,
    entries: usize,
    per_page: usize,
) -> impl Iterator<Item = (PagePath, Position, Range<usize>)> + '_ {
    let pages = page_count(entries, per_page);
    (1..=pages).map(move |number| {
        let start = (number - 1) * per_page;
        let range = start..(start + per_page).min(entries);
        let position = Position { number, pages };
        (PagePath::Folder(paged_path(base, number)), position, range)
    })
}

/// Page `number` of `pages`: part of a page's shape, since the pager links to
/// the last page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// From 1.
    pub number: usize,
    /// How many pages the list takes.
    pub pages: usize,
}

impl Position {
    /// The pager of this page of the list at `base`, with links relative to
    /// the page.
    pub fn pager(self, base: &str, urls: &Urls) -> Pager {
        let Position { number, pages } = self;
        Pager {
            number,
            pages,
            previous: (number > 1).then(|| urls.to(&paged_path(base, number - 1))),
            next: (number < pages).then(|| urls.to(&paged_path(base, number + 1))),
            first: urls.to(&paged_path(base, 1)),
            last: urls.to(&paged_path(base, pages)),
        }
    }
}

/// Where a page of a split list stands among the others: `pager` in
/// templates.
#[derive(Debug, Serialize)]
pub struct Pager {
    /// This page's number, from 1.
    number: usize,
    /// How many pages.
    pages: usize,
    /// The page before, if any.
    previous: Option<String>,
    /// The page after, if any.
    next: Option<String>,
    /// The first page.
    first: String,
    /// The last page.
    last: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_list_into_windows_with_one_page_at_least() {
        let pages: Vec<_> = split("timeline/", 5, 2).collect();
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[0].0, PagePath::Folder("timeline/".into()));
        assert_eq!(pages[2].0, PagePath::Folder("timeline/page/3/".into()));
        assert_eq!(pages[2].2, 4..5);
        assert_eq!(
            pages[1].1,
            Position {
                number: 2,
                pages: 3
            }
        );
        let empty: Vec<_> = split("timeline/", 0, 2).collect();
        assert_eq!(empty.len(), 1);
        assert_eq!(empty[0].2, 0..0);
    }
}
