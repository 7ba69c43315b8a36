//! Building the [`Node`] tree from parse events, within the limits.
//!
//! Both readers (the YAML event parser and the fast reader of plain
//! block YAML) feed the same [`Builder`], so that the tree, the limits and
//! the duplicate-key diagnostics are the same whichever read the file.

use super::{Kind, MAX_DEPTH, MAX_SCALAR_BYTES, Node};
use crate::diag::{Code, Diagnostic, Pos};
use std::collections::HashMap;

/// A mapping with more entries than this looks duplicates up in a hash
/// set instead of scanning its keys, so that a file with a huge mapping
/// costs linear time.
const SCAN_LIMIT: usize = 16;

enum Frame {
    Seq {
        pos: Pos,
        items: Vec<Node>,
        anchor: Option<usize>,
    },
    Map {
        pos: Pos,
        entries: Vec<(Node, Node)>,
        anchor: Option<usize>,
        pending_key: Option<Node>,
        /// The scalar keys, once the mapping is past [`SCAN_LIMIT`] entries.
        seen: Option<HashMap<String, Pos>>,
    },
}

/// Turns events into a tree; errors are limits, diagnostics are kept.
#[derive(Default)]
pub struct Builder {
    stack: Vec<Frame>,
    /// Anchored nodes by the parser's anchor id (a name defined again gets a new id).
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    /// Nodes written in the file, and nodes added by expanding aliases.
    written: usize,
    expanded: usize,
    diags: Vec<Diagnostic>,
}

impl Builder {
    /// A scalar, exactly as written.
    pub fn scalar(
        &mut self,
        pos: Pos,
        text: String,
        plain: bool,
        anchor: Option<usize>,
    ) -> Result<(), Diagnostic> {
        self.written += 1;
        if text.len() > MAX_SCALAR_BYTES {
            return Err(Diagnostic::unattached(
                Code::YamlLimit,
                pos,
                format!(
                    "value is {} bytes long; the limit is {MAX_SCALAR_BYTES} bytes: shorten it",
                    text.len()
                ),
            ));
        }
        let node = Node {
            pos,
            kind: Kind::Scalar { text, plain },
        };
        self.push(node, anchor);
        Ok(())
    }

    /// The start of a mapping (`map`) or a sequence.
    pub fn start(&mut self, pos: Pos, map: bool, anchor: Option<usize>) -> Result<(), Diagnostic> {
        self.written += 1;
        if self.stack.len() >= MAX_DEPTH {
            return Err(Diagnostic::unattached(
                Code::YamlLimit,
                pos,
                format!(
                    "nesting is deeper than {MAX_DEPTH} levels, far more than the format needs: flatten this value"
                ),
            ));
        }
        self.stack.push(if map {
            Frame::Map {
                pos,
                entries: Vec::new(),
                anchor,
                pending_key: None,
                seen: None,
            }
        } else {
            Frame::Seq {
                pos,
                items: Vec::new(),
                anchor,
            }
        });
        Ok(())
    }

    /// The end of the innermost mapping or sequence.
    pub fn end(&mut self) {
        let (node, anchor) = match self.stack.pop() {
            Some(Frame::Seq { pos, items, anchor }) => (
                Node {
                    pos,
                    kind: Kind::Seq(items),
                },
                anchor,
            ),
            Some(Frame::Map {
                pos,
                entries,
                anchor,
                ..
            }) => (
                Node {
                    pos,
                    kind: Kind::Map(entries),
                },
                anchor,
            ),
            None => return,
        };
        self.push(node, anchor);
    }

    /// An alias `*anchor` to the node with anchor id `id`: a copy of the
    /// anchored node, within the expansion limit.
    pub fn alias(&mut self, pos: Pos, id: usize, anchor: &str) -> Result<(), Diagnostic> {
        let Some(target) = self.anchors.get(&id) else {
            return Err(Diagnostic::unattached(
                Code::YamlSyntax,
                pos,
                format!(
                    "alias `*{anchor}` names a node that is not complete yet (an alias inside its own anchor): write the value out"
                ),
            ));
        };
        self.expanded += count_nodes(target);
        if self.expanded > self.written.max(64) {
            return Err(Diagnostic::unattached(
                Code::YamlLimit,
                pos,
                format!(
                    "aliases expand to more nodes ({}) than the file itself holds ({}); write the values out instead of repeating `*{anchor}`",
                    self.expanded, self.written
                ),
            ));
        }
        let mut node = target.clone();
        node.pos = pos;
        self.push(node, None);
        Ok(())
    }

    /// The tree, and the diagnostics found while building it.
    pub fn finish(self) -> (Option<Node>, Vec<Diagnostic>) {
        (self.root, self.diags)
    }

    fn push(&mut self, node: Node, anchor: Option<usize>) {
        if let Some(id) = anchor {
            self.anchors.insert(id, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                pending_key,
                seen,
                ..
            }) => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => {
                    if let Some(first) = duplicate_of(entries, seen, &key) {
                        self.diags.push(Diagnostic::unattached(
                            Code::DuplicateKey,
                            key.pos,
                            format!(
                                "duplicate key `{}` (first written at line {}): keep one of them",
                                key.as_scalar().unwrap_or_default(),
                                first.line
                            ),
                        ));
                    } else {
                        entries.push((key, node));
                    }
                }
            },
        }
    }
}

/// The position of an earlier scalar key equal to `key`, if any; records
/// `key` as seen otherwise.
fn duplicate_of(
    entries: &[(Node, Node)],
    seen: &mut Option<HashMap<String, Pos>>,
    key: &Node,
) -> Option<Pos> {
    let k = key.as_scalar()?;
    if let Some(set) = seen {
        if let Some(first) = set.get(k) {
            return Some(*first);
        }
        set.insert(k.to_string(), key.pos);
        return None;
    }
    let found = entries
        .iter()
        .find(|(prev, _)| prev.as_scalar() == Some(k))
        .map(|(prev, _)| prev.pos);
    if found.is_none() && entries.len() >= SCAN_LIMIT {
        let mut set: HashMap<String, Pos> = HashMap::with_capacity(entries.len() * 2);
        for (prev, _) in entries {
            if let Some(p) = prev.as_scalar() {
                set.entry(p.to_string()).or_insert(prev.pos);
            }
        }
        set.insert(k.to_string(), key.pos);
        *seen = Some(set);
    }
    found
}

fn count_nodes(node: &Node) -> usize {
    match &node.kind {
        Kind::Scalar { .. } => 1,
        Kind::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Kind::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| count_nodes(k) + count_nodes(v))
                .sum::<usize>()
        }
    }
}
