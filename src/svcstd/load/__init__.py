"""The loader's parts, each a file a reader can find (see docs/loader.md):

- `decode`: bytes → text (UTF-8, UTF-16/32 with a byte-order mark), SVC003;
- `parse`: the YAML 1.2 parser behind one function, `parse_fast` (yaml-rs, in Rust);
- `policies`: svcstd's rules on top of YAML 1.2 (core-schema scalars only, no tags, keys
  are text, one document) and the screens that send a text to the careful path;
- `limits`: what one file may cost (SVC004);
- `positions`: where a value stands, for files with findings only (a verified line scan,
  else tree-sitter-yaml);
- `punctuation`: full-width punctuation typed by an input method (issue 11 item 9).

`svcstd.loading` puts them together (and keeps libyaml's composer as the careful,
position-aware path for tags, repeated keys and limits); import from there.
"""
