//! Blocks: captured text (link labels, table cells), tables, lists and lines.

use super::{Capture, Converter, List, Table};

impl Converter {
    // Captures: link text, table cells.

    pub(super) fn start_capture(&mut self, capture: Capture) {
        self.visible();
        let outer = std::mem::take(&mut self.line);
        self.captures.push((capture, outer, self.inline.len()));
    }

    pub(super) fn end_capture(&mut self) {
        let Some(&(_, _, floor)) = self.captures.last() else {
            return;
        };
        self.pending_inline.clear();
        while self.inline.len() > floor {
            let top = self.inline[self.inline.len() - 1];
            self.end_inline(top);
        }
        let Some((capture, outer, _)) = self.captures.pop() else {
            return;
        };
        let text = std::mem::replace(&mut self.line, outer);
        match capture {
            Capture::Link { href: Some(href) } => self.push_link(&text, &href),
            Capture::Link { href: None } => self.line.push_str(text.trim()),
            Capture::Cell => {
                if let Some(row) = self.table.as_mut().and_then(|t| t.row.as_mut()) {
                    row.push(text.trim().to_owned());
                }
            }
        }
    }

    pub(super) fn end_link(&mut self) {
        if self.in_link() {
            self.end_capture();
        }
    }

    // Tables.

    pub(super) fn table_tag(&mut self, closing: bool) {
        match (&mut self.table, closing) {
            (Some(table), false) => table.nested += 1,
            (Some(table), true) if table.nested > 0 => table.nested -= 1,
            (Some(_), true) => self.end_table(),
            (None, false) => {
                if self.in_link() {
                    self.end_link();
                }
                self.paragraph_break();
                self.table = Some(Table {
                    rows: Vec::new(),
                    row: None,
                    nested: 0,
                });
            }
            (None, true) => {}
        }
    }

    pub(super) fn row_tag(&mut self, closing: bool) {
        let Some(table) = &self.table else { return };
        if table.nested > 0 {
            self.space();
            return;
        }
        self.end_cell();
        let table = self.table.as_mut().expect("checked above");
        if let Some(row) = table.row.take() {
            table.rows.push(row);
        }
        if !closing {
            table.row = Some(Vec::new());
        }
    }

    pub(super) fn cell_tag(&mut self, closing: bool) {
        let Some(table) = &self.table else { return };
        if table.nested > 0 {
            self.space();
            return;
        }
        self.end_cell();
        if !closing {
            let table = self.table.as_mut().expect("checked above");
            table.row.get_or_insert_with(Vec::new);
            self.start_capture(Capture::Cell);
        }
    }

    pub(super) fn end_cell(&mut self) {
        while !self.captures.is_empty() {
            let is_cell = matches!(self.captures.last(), Some((Capture::Cell, _, _)));
            self.end_capture();
            if is_cell {
                break;
            }
        }
    }

    pub(super) fn end_table(&mut self) {
        if self.table.is_none() {
            return;
        }
        self.end_cell();
        let Some(mut table) = self.table.take() else {
            return;
        };
        if let Some(row) = table.row.take() {
            table.rows.push(row);
        }
        table.rows.retain(|row| !row.is_empty());
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        self.paragraph_break();
        for (i, row) in table.rows.iter().enumerate() {
            let cells: Vec<&str> = (0..columns)
                .map(|c| row.get(c).map_or("", String::as_str))
                .collect();
            self.write_line(format!("| {} |", cells.join(" | ")));
            if i == 0 {
                self.write_line(format!("|{}", " --- |".repeat(columns)));
            }
        }
        self.blank = true;
    }

    // Lists.

    pub(super) fn start_list(&mut self, ordered: bool, implicit: bool) {
        if self.in_link() {
            self.end_link();
        }
        self.close_inline();
        self.hard_break = false;
        self.flush_line();
        if self.lists.is_empty() {
            self.blank = !self.out.is_empty();
        }
        self.lists.push(List {
            ordered,
            next: 1,
            implicit,
            item_open: false,
            width: 0,
        });
    }

    pub(super) fn start_item(&mut self) {
        if self.lists.is_empty() {
            self.start_list(false, true);
        }
        if self.lists.last().is_some_and(|l| l.item_open) {
            self.end_item();
        }
        self.close_inline();
        self.hard_break = false;
        self.flush_line();
        let list = self.lists.last_mut().expect("a list was started");
        if list.width > 0 {
            // Between items: a tight list.
            self.blank = false;
        }
        let marker = if list.ordered {
            format!("{}. ", list.next)
        } else {
            "- ".to_owned()
        };
        list.next += 1;
        list.width = marker.len();
        list.item_open = true;
        self.marker = Some(marker);
    }

    pub(super) fn end_item(&mut self) {
        self.close_inline();
        self.hard_break = false;
        self.flush_line();
        // An item with no text is not written.
        self.marker = None;
        if let Some(list) = self.lists.last_mut() {
            list.item_open = false;
        }
    }

    /// An indented paragraph after an item: more of that item.
    pub(super) fn continue_item(&mut self) {
        if let Some(list) = self.lists.last_mut()
            && !list.item_open
            && list.width > 0
        {
            list.item_open = true;
        }
    }

    pub(super) fn end_explicit_list(&mut self) {
        if !self.lists.iter().any(|l| !l.implicit) {
            return;
        }
        while let Some(list) = self.lists.last() {
            let implicit = list.implicit;
            self.pop_list();
            if !implicit {
                break;
            }
        }
    }

    pub(super) fn pop_list(&mut self) {
        if self.lists.last().is_some_and(|l| l.item_open) {
            self.end_item();
        }
        self.lists.pop();
        if self.lists.is_empty() {
            self.blank = true;
        }
    }

    // Lines.

    pub(super) fn paragraph_break(&mut self) {
        self.close_inline();
        self.hard_break = false;
        self.flush_line();
        if !self.out.is_empty() {
            self.blank = true;
        }
    }

    /// Writes the line being built, with its indentation and any pending marker.
    pub(super) fn flush_line(&mut self) {
        let content = std::mem::take(&mut self.line);
        let content = content.trim_end();
        if content.is_empty() {
            return;
        }
        let content = content.to_owned();
        self.write_line(content);
    }

    pub(super) fn write_line(&mut self, content: String) {
        if self.blank && !self.out.is_empty() {
            self.out.push(String::new());
        }
        self.blank = false;
        let outer: usize = match self.marker {
            Some(_) => self.lists[..self.lists.len().saturating_sub(1)]
                .iter()
                .map(|l| l.width)
                .sum(),
            None => self.lists.iter().map(|l| l.width).sum(),
        };
        let mut line = " ".repeat(outer);
        if let Some(marker) = self.marker.take() {
            line.push_str(&marker);
        }
        line.push_str(&content);
        self.out.push(line);
    }
}
