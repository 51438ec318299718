//! Every Rust identifier of the generated code is chosen here, and only here.
//!
//! The pure functions ([`type_ident`], [`field_ident`], [`method_ident`],
//! [`variant_ident`], [`const_ident`]) turn one wire name into one
//! identifier; [`Scope`] makes identifiers unique; [`assign`] is the pass
//! that fills every `rust` field of the [`Ir`].
//!
//! # Conventions the emitter relies on
//!
//! * Case comes from heck 0.5: types and enum variants `UpperCamelCase`,
//!   fields and methods `snake_case`, consts `SCREAMING_SNAKE_CASE`; in
//!   UpperCamelCase, adjacent digit groups keep a `_` (`1.0` -> `V1_0`).
//! * A character that cannot appear in an identifier (punctuation, spaces,
//!   `²`, `€`) separates words, like `_` does: `a-b` -> `a_b` / `AB`.
//!   Non-ASCII letters that Unicode allows in identifiers are kept (`Größe`).
//! * A name with no word left is spelled out from its characters: `""` ->
//!   `empty`/`Empty`, `"-"` -> `minus`/`Minus`, `"_"` -> `underscore`, `"€"` ->
//!   `u20ac`/`U20ac`.
//! * A name that would start with a digit (or another character that may not
//!   start an identifier) gets a prefix: `T` for types (`T1abc`), `V` for
//!   variants (`V2`), `n` for fields and methods (`n1abc`), `N` for consts.
//!   So fields and methods never start with `_`, and `__`-prefixed locals in
//!   generated bodies cannot clash with parameters.
//! * Keywords (edition 2024: strict, reserved, and `gen`) come back as raw
//!   identifiers in the string: `"r#type"`, `"r#gen"`. `syn::parse_str::<
//!   syn::Ident>` and `quote::format_ident!` both accept that form. The four
//!   that cannot be raw get a trailing underscore: `self_`, `Self_`, `super_`,
//!   `crate_`. Weak keywords (`union`, `raw`, `safe`, `auto`) stay plain.
//! * Names that shadow the std prelude (`Option`, `Result`, `Box`, `String`,
//!   `Vec`) are kept on purpose: the emitter writes absolute paths.
//! * Uniqueness: the first claimant keeps the plain name; later ones get
//!   `2`, `3`, ... appended to the unescaped name (`create_user2`,
//!   `Property2`, `type2`), with a `_` in between when the name already ends
//!   in a digit (`V1_2`). Order is IR order, so the result is deterministic.
//!   Every output was checked to compile under `#![deny(warnings)]`
//!   (edition 2024), non-ASCII names included.

use std::collections::BTreeMap;
use std::str::FromStr;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{TokenStream, TokenTree};

use crate::Error;
use crate::ir::{Client, DefOrigin, Enum, Ir, Struct, TypeDef, TypeKind};

/// Methods the emitter puts on every client struct, and `into_service`,
/// which the server trait of the port provides beside the operations.
pub const CLIENT_RESERVED: &[&str] =
    &["new", "client", "with_client", "endpoint", "into_client", "into_service"];

/// The fallback variant the emitter adds to every enum (`Other(String)`).
pub const ENUM_FALLBACK: &str = "Other";

/// Appended to a client name that collides with a type, before any number.
pub const CLIENT_SUFFIX: &str = "Client";

/// Owner recorded for names claimed with [`Scope::reserve`].
const RESERVED_OWNER: &str = "(reserved by the generator)";

/// Bounds the suffix search so a bug cannot loop forever; real scopes need a
/// handful at most.
const MAX_SUFFIX: u32 = 100_000;

/// Keywords that may be written raw (`r#type`): strict and reserved words
/// of editions 2015 to 2024.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro",
    "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that are not allowed as raw identifiers either.
const UNRAWABLE_KEYWORDS: &[&str] = &["self", "Self", "super", "crate"];

/// What an identifier names; fixes its case and its leading-digit prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Type,
    Variant,
    Field,
    Method,
    Const,
}

impl Role {
    fn case(self, s: &str) -> String {
        match self {
            Role::Type | Role::Variant => upper_camel(s),
            Role::Field | Role::Method => s.to_snake_case(),
            Role::Const => s.to_shouty_snake_case(),
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Role::Type => "T",
            Role::Variant => "V",
            Role::Field | Role::Method => "n",
            Role::Const => "N",
        }
    }
}

/// heck's UpperCamelCase, except that digits of adjacent words stay apart
/// (`x86_64` -> `X86_64`, `1.0` -> `V1_0`, not `X8664`, `V10`), so version
/// numbers remain readable and distinct.
fn upper_camel(s: &str) -> String {
    let mut out = String::new();
    for word in s.to_snake_case().split('_').filter(|w| !w.is_empty()) {
        if out.ends_with(char::is_numeric) && word.starts_with(char::is_numeric) {
            out.push('_');
        }
        out.push_str(&word.to_upper_camel_case());
    }
    out
}

/// A type (or client struct) name: `UpperCamelCase`.
pub fn type_ident(wire: &str) -> String {
    ident(Role::Type, wire)
}

/// A struct field (or method parameter) name: `snake_case`.
pub fn field_ident(wire: &str) -> String {
    ident(Role::Field, wire)
}

/// A client method name: `snake_case`.
pub fn method_ident(wire: &str) -> String {
    ident(Role::Method, wire)
}

/// An enum variant name for an enumeration value: `UpperCamelCase`.
pub fn variant_ident(wire: &str) -> String {
    ident(Role::Variant, wire)
}

/// A const name: `SCREAMING_SNAKE_CASE`.
pub fn const_ident(wire: &str) -> String {
    ident(Role::Const, wire)
}

/// The identifier for `wire` in `role`, keyword-escaped.
pub fn ident(role: Role, wire: &str) -> String {
    escape(&plain(role, wire))
}

/// The cased, prefixed name before keyword escaping. Suffixes are appended
/// to this form, so `type` + 2 gives `type2`, not `r#type2`.
fn plain(role: Role, wire: &str) -> String {
    let mut cased = strip_invalid(&role.case(&separate_invalid(wire)));
    if cased.is_empty() {
        cased = role.case(&spell(wire));
    }
    match cased.chars().next() {
        Some(c) if is_xid_start(c) => cased,
        _ => format!("{}{cased}", role.prefix()),
    }
}

/// Replaces characters that cannot be in an identifier by a space, which
/// heck treats as a word boundary.
fn separate_invalid(wire: &str) -> String {
    wire.chars().map(|c| if c.is_alphanumeric() && is_xid_continue(c) { c } else { ' ' }).collect()
}

/// Case mapping can, in principle, yield characters outside XID_Continue;
/// drop them rather than emit code that does not lex.
fn strip_invalid(cased: &str) -> String {
    cased.chars().filter(|&c| c == '_' || is_xid_continue(c)).collect()
}

/// Spells out a name that has no letters or digits, one word per character,
/// so that `+` and `-` as enum values stay distinct and readable.
fn spell(wire: &str) -> String {
    if wire.is_empty() {
        return "empty".to_owned();
    }
    let words: Vec<String> = wire.chars().map(char_word).collect();
    words.join(" ")
}

/// Words for the punctuation enum values commonly use; anything else is
/// spelled by code point (`u20ac`).
#[rustfmt::skip]
const SPELLING: &[(char, &str)] = &[
    ('-', "minus"), ('+', "plus"), ('*', "star"), ('/', "slash"), ('\\', "backslash"),
    ('.', "dot"), (',', "comma"), (':', "colon"), (';', "semicolon"), ('_', "underscore"),
    (' ', "space"), ('#', "hash"), ('@', "at"), ('%', "percent"), ('&', "and"), ('|', "pipe"),
    ('=', "eq"), ('<', "lt"), ('>', "gt"), ('!', "bang"), ('?', "question"), ('~', "tilde"),
    ('^', "caret"), ('$', "dollar"), ('(', "lparen"), (')', "rparen"), ('[', "lbracket"),
    (']', "rbracket"), ('{', "lbrace"), ('}', "rbrace"), ('\'', "quote"), ('"', "dquote"),
];

fn char_word(c: char) -> String {
    match SPELLING.iter().find(|(k, _)| *k == c) {
        Some((_, word)) => (*word).to_owned(),
        None => format!("u{:x}", u32::from(c)),
    }
}

/// Makes a plain name usable: raw form for keywords that allow it, a
/// trailing `_` for those that do not.
fn escape(plain: &str) -> String {
    if UNRAWABLE_KEYWORDS.contains(&plain) {
        format!("{plain}_")
    } else if RAW_KEYWORDS.contains(&plain) {
        format!("r#{plain}")
    } else {
        plain.to_owned()
    }
}

/// `base` with numeric suffix `n`; a `_` keeps `V1` + 2 from reading `V12`.
fn with_suffix(base: &str, n: u32) -> String {
    if base.ends_with(|c: char| c.is_ascii_digit()) { format!("{base}_{n}") } else { format!("{base}{n}") }
}

fn is_xid_start(c: char) -> bool {
    c.is_ascii_alphabetic() || (!c.is_ascii() && lexes_as_one_ident(&c.to_string()))
}

fn is_xid_continue(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && lexes_as_one_ident(&format!("a{c}")))
}

/// Asks proc-macro2's lexer (which implements Unicode XID) instead of
/// duplicating its tables: `s` must lex as exactly one identifier token.
fn lexes_as_one_ident(s: &str) -> bool {
    let Ok(tokens) = TokenStream::from_str(s) else {
        return false;
    };
    let mut iter = tokens.into_iter();
    match (iter.next(), iter.next()) {
        (Some(TokenTree::Ident(i)), None) => i == s,
        _ => false,
    }
}

/// The identifiers claimed in one Rust namespace (a module, a struct's
/// fields, an enum's variants, a client's methods), with the wire name that
/// owns each, so collisions resolve deterministically and errors can name
/// the parties.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    what: String,
    taken: BTreeMap<String, String>,
}

impl Scope {
    /// An empty scope; `what` describes it in error messages.
    pub fn new(what: impl Into<String>) -> Self {
        Scope { what: what.into(), taken: BTreeMap::new() }
    }

    /// Claims `ident` (final form, e.g. `new`, `Other`) for the generator.
    pub fn reserve(&mut self, ident: &str) {
        self.taken.insert(ident.to_owned(), RESERVED_OWNER.to_owned());
    }

    /// The wire name that owns `ident`, if it is taken.
    pub fn owner(&self, ident: &str) -> Option<&str> {
        self.taken.get(ident).map(String::as_str)
    }

    /// Claims the identifier for `wire` in `role` on behalf of `owner`,
    /// adding a numeric suffix if it is taken.
    pub fn claim(&mut self, role: Role, wire: &str, owner: &str) -> Result<String, Error> {
        self.claim_first(&[plain(role, wire)], owner)
    }

    /// Claims the first free of `plains` (unescaped names, as cased); if all
    /// are taken, the last one with the first free numeric suffix.
    pub fn claim_first(&mut self, plains: &[String], owner: &str) -> Result<String, Error> {
        let Some(last) = plains.last() else {
            return Err(Error::Naming { what: format!("no candidate name for {owner} in {}", self.what) });
        };
        let numbered = (2..=MAX_SUFFIX).map(|n| with_suffix(last, n));
        let found =
            plains.iter().cloned().chain(numbered).map(|p| escape(&p)).find(|i| !self.taken.contains_key(i));
        let Some(ident) = found else {
            return Err(self.exhausted(&escape(last), owner));
        };
        if !lexes_as_one_ident(&ident) {
            return Err(Error::Naming {
                what: format!("`{ident}` for {owner} in {} is not an identifier (generator bug)", self.what),
            });
        }
        self.taken.insert(ident.clone(), owner.to_owned());
        Ok(ident)
    }

    fn exhausted(&self, ident: &str, owner: &str) -> Error {
        let holder = self.owner(ident).unwrap_or("?");
        Error::Naming {
            what: format!("{owner} and {holder} both map to `{ident}` in {}, no free suffix", self.what),
        }
    }
}

/// The naming pass: fills every `rust` field of `ir`.
///
/// Types (in `TypeId` order) and then clients (in IR order) share the module
/// scope. A client named like a taken type gets [`CLIENT_SUFFIX`] before any
/// number (`PermissionService` -> `PermissionServiceClient`). Rpc wrappers
/// are named `<Op>Request` and `<Op>Response`, so an operation and a type of
/// the same name (pbx10_00's `UserInfo`) both keep a plain name. Each
/// client's server trait (`<Client>Server`) is named last, so nothing else
/// depends on it.
pub fn assign(ir: &mut Ir) -> Result<(), Error> {
    let mut module = Scope::new("the generated module");
    for def in ir.types.values_mut() {
        let owner = format!("type {}", def.wire);
        def.rust = module.claim(Role::Type, &type_wire_name(def), &owner)?;
        match &mut def.kind {
            TypeKind::Struct(s) => name_fields(s, &owner)?,
            TypeKind::Enum(e) => name_variants(e, &owner)?,
            TypeKind::Alias(_) => {}
        }
    }
    for client in &mut ir.clients {
        name_client(client, &mut module)?;
    }
    for client in &mut ir.clients {
        name_binding(client, &mut module)?;
    }
    for client in &mut ir.clients {
        let owner = format!("port {}", client.port);
        client.server.trait_rust = module.claim(Role::Type, &format!("{}Server", client.rust), &owner)?;
    }
    Ok(())
}

/// The wire-side name a type's identifier is made from.
fn type_wire_name(def: &TypeDef) -> String {
    let local = &def.wire.local;
    match def.origin {
        DefOrigin::RpcRequest => format!("{local}_Request"),
        DefOrigin::RpcResponse if !local.ends_with("Response") => format!("{local}_Response"),
        _ => local.clone(),
    }
}

fn name_fields(s: &mut Struct, owner: &str) -> Result<(), Error> {
    let mut scope = Scope::new(format!("the fields of {owner}"));
    for f in &mut s.fields {
        f.rust = scope.claim(Role::Field, &f.wire.local, &format!("element {}", f.wire))?;
    }
    Ok(())
}

fn name_variants(e: &mut Enum, owner: &str) -> Result<(), Error> {
    let mut scope = Scope::new(format!("the variants of {owner}"));
    scope.reserve(ENUM_FALLBACK);
    for v in &mut e.variants {
        v.rust = scope.claim(Role::Variant, &v.wire, &format!("value {:?}", v.wire))?;
    }
    Ok(())
}

fn name_client(client: &mut Client, module: &mut Scope) -> Result<(), Error> {
    let base = plain(Role::Type, &client.port);
    let candidates = [base.clone(), format!("{base}{CLIENT_SUFFIX}")];
    client.rust = module.claim_first(&candidates, &format!("port {}", client.port))?;
    let mut scope = Scope::new(format!("the methods of client {}", client.rust));
    for name in CLIENT_RESERVED {
        scope.reserve(name);
    }
    if !client.binding.headers.is_empty() {
        for name in CLIENT_HEADER_METHODS {
            scope.reserve(name);
        }
    }
    for op in &mut client.operations {
        op.rust = scope.claim(Role::Method, &op.wire, &format!("operation {}", op.wire))?;
    }
    for op in &mut client.operations {
        if op.binding.has_headers_method() {
            let wire = format!("{}_with_headers", op.wire);
            op.binding.with_headers_rust =
                scope.claim(Role::Method, &wire, &format!("operation {}", op.wire))?;
        }
    }
    Ok(())
}

/// Methods the emitter adds to a client with client-level headers.
pub const CLIENT_HEADER_METHODS: &[&str] = &["headers", "headers_mut", "with_headers"];

/// Names of what the binding side adds: the client-level headers struct
/// (`<Client>Headers`), the fault enum (`<Client>Fault`), per-operation
/// header structs (`<Op>Headers`, `<Op>OutputHeaders`), and their fields
/// and variants. Claimed after every client so client names do not depend
/// on them.
fn name_binding(client: &mut Client, module: &mut Scope) -> Result<(), Error> {
    let owner = format!("port {}", client.port);
    let b = &mut client.binding;
    if !b.headers.is_empty() {
        b.headers_rust = module.claim(Role::Type, &format!("{}Headers", client.rust), &owner)?;
        name_blocks(&mut b.headers, &b.headers_rust)?;
    }
    if !b.faults.is_empty() {
        b.faults_rust = module.claim(Role::Type, &format!("{}Fault", client.rust), &owner)?;
        let mut scope = Scope::new(format!("the variants of {}", b.faults_rust));
        for f in &mut b.faults {
            f.rust = scope.claim(Role::Variant, &f.name.local, &format!("fault {}", f.name))?;
        }
    }
    for op in &mut client.operations {
        let owner = format!("operation {}", op.wire);
        let ob = &mut op.binding;
        if !ob.input_headers.is_empty() {
            ob.input_headers_rust = module.claim(Role::Type, &format!("{}_Headers", op.wire), &owner)?;
            name_blocks(&mut ob.input_headers, &ob.input_headers_rust)?;
        }
        if !ob.output_headers.is_empty() {
            ob.output_headers_rust =
                module.claim(Role::Type, &format!("{}_OutputHeaders", op.wire), &owner)?;
            name_blocks(&mut ob.output_headers, &ob.output_headers_rust)?;
        }
        name_blocks(&mut ob.header_faults, &owner)?;
    }
    Ok(())
}

fn name_blocks(blocks: &mut [crate::ir::HeaderBlock], owner: &str) -> Result<(), Error> {
    let mut scope = Scope::new(format!("the fields of {owner}"));
    for block in blocks {
        block.rust = scope.claim(Role::Field, &block.name.local, &format!("header {}", block.name))?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::ir::{
        BodyElement, Builtin, DefOrigin, Field, Message, Occurs, Operation, QName, Style, TypeDef, TypeId,
        TypeRef, Unwrap, Variant,
    };

    /// Every identifier must be accepted the way the emitter builds it.
    fn parses(id: &str) {
        syn::parse_str::<syn::Ident>(id).unwrap_or_else(|e| panic!("`{id}` does not parse: {e}"));
        let _ = quote::format_ident!("{}", id);
    }

    #[rustfmt::skip]
    const ODD: &[&str] = &[
        "", "-", "+", "_", "__", "1abc", "2", "1.0", "Self", "self", "super", "crate", "type",
        "return", "gen", "async", "await", "dyn", "try", "yield", "macro", "union", "a-b", "a_b",
        "a b", "No", "Größe", "a²b", "€", "①", "x\u{301}", "٣abc", "用户", "İstanbul", "Option",
        "HTTPServer",
    ];

    #[test]
    fn naming_every_ident_parses() {
        for wire in ODD {
            for role in [Role::Type, Role::Variant, Role::Field, Role::Method, Role::Const] {
                let id = ident(role, wire);
                assert!(!id.is_empty(), "{wire:?} as {role:?}");
                parses(&id);
                if role == Role::Field || role == Role::Method {
                    assert!(!id.starts_with('_'), "{id}");
                }
            }
        }
    }

    #[test]
    fn naming_empty_and_punctuation() {
        assert_eq!(field_ident(""), "empty");
        assert_eq!(type_ident(""), "Empty");
        assert_eq!(variant_ident(""), "Empty");
        assert_eq!(const_ident(""), "EMPTY");
        assert_eq!(variant_ident("-"), "Minus");
        assert_eq!(field_ident("-"), "minus");
        assert_eq!(variant_ident("+-"), "PlusMinus");
        assert_eq!(field_ident("_"), "underscore");
        assert_eq!(variant_ident("a b"), "AB");
        assert_eq!(field_ident("a-b"), "a_b");
    }

    #[test]
    fn naming_leading_digits() {
        assert_eq!(type_ident("1abc"), "T1abc");
        assert_eq!(variant_ident("1abc"), "V1abc");
        assert_eq!(field_ident("1abc"), "n1abc");
        assert_eq!(method_ident("1abc"), "n1abc");
        assert_eq!(const_ident("1abc"), "N1ABC");
        assert_eq!(variant_ident("2"), "V2");
        assert_eq!(variant_ident("-2"), "V2");
        assert_eq!(variant_ident("1.0"), "V1_0");
        assert_eq!(variant_ident("10"), "V10");
        assert_eq!(type_ident("x86_64"), "X86_64");
    }

    #[test]
    fn naming_keywords() {
        assert_eq!(type_ident("Self"), "Self_");
        assert_eq!(type_ident("self"), "Self_");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("Self"), "self_");
        assert_eq!(field_ident("super"), "super_");
        assert_eq!(method_ident("crate"), "crate_");
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("return"), "r#return");
        assert_eq!(field_ident("gen"), "r#gen");
        assert_eq!(method_ident("async"), "r#async");
        assert_eq!(field_ident("union"), "union");
        assert_eq!(type_ident("type"), "Type");
        assert_eq!(field_ident("No"), "no");
        // The raw form converts to an identifier the way the emitter does it.
        assert_eq!(proc_macro2::Ident::new_raw("type", proc_macro2::Span::call_site()).to_string(), "r#type");
    }

    #[test]
    fn naming_prelude_names_kept_on_purpose() {
        // The emitter writes `::std::option::Option` etc., so these are fine.
        for name in ["Option", "Result", "Vec", "String", "Box", "Some", "None", "Ok", "Err"] {
            assert_eq!(type_ident(name), name);
        }
    }

    #[test]
    fn naming_case_conversion() {
        assert_eq!(field_ident("userName"), "user_name");
        assert_eq!(method_ident("byFuzzyUserNameOrAlias"), "by_fuzzy_user_name_or_alias");
        assert_eq!(type_ident("HTTPServer"), "HttpServer");
        assert_eq!(field_ident("HTTPServer"), "http_server");
        assert_eq!(method_ident("getHTTPServerURL"), "get_http_server_url");
        assert_eq!(variant_ident("NO_SUCH_EXTENSION"), "NoSuchExtension");
        assert_eq!(const_ident("noSuchExtension"), "NO_SUCH_EXTENSION");
    }

    #[test]
    fn naming_unicode() {
        assert_eq!(type_ident("Größe"), "Größe");
        assert_eq!(field_ident("Größe"), "größe");
        assert_eq!(field_ident("用户"), "用户");
        // `²` is alphanumeric but not XID_Continue: it separates words.
        assert_eq!(field_ident("a²b"), "a_b");
        // Nothing usable left: spelled by code point.
        assert_eq!(field_ident("€"), "u20ac");
        assert_eq!(type_ident("①"), "U2460");
        // A non-ASCII digit cannot start an identifier.
        assert_eq!(field_ident("٣abc"), "n٣abc");
    }

    #[test]
    fn naming_scope_collisions() {
        let mut s = Scope::new("test");
        assert_eq!(s.claim(Role::Field, "a-b", "a-b").unwrap(), "a_b");
        assert_eq!(s.claim(Role::Field, "a_b", "a_b").unwrap(), "a_b2");
        assert_eq!(s.claim(Role::Field, "a b", "a b").unwrap(), "a_b3");
        assert_eq!(s.owner("a_b2"), Some("a_b"));
        assert_eq!(s.claim(Role::Field, "type", "t1").unwrap(), "r#type");
        assert_eq!(s.claim(Role::Field, "Type", "t2").unwrap(), "type2");
        assert_eq!(s.claim(Role::Field, "self", "s1").unwrap(), "self_");
        assert_eq!(s.claim(Role::Field, "Self", "s2").unwrap(), "self2");

        let mut t = Scope::new("types");
        assert_eq!(t.claim(Role::Type, "FindUser", "1").unwrap(), "FindUser");
        assert_eq!(t.claim(Role::Type, "findUser", "2").unwrap(), "FindUser2");
        assert_eq!(t.claim(Role::Variant, "1", "3").unwrap(), "V1");
        assert_eq!(t.claim(Role::Variant, "-1", "4").unwrap(), "V1_2");
    }

    #[test]
    fn naming_scope_reserved_and_errors() {
        let mut s = Scope::new("client");
        s.reserve("new");
        assert_eq!(s.owner("new"), Some(RESERVED_OWNER));
        assert_eq!(s.claim(Role::Method, "new", "op new").unwrap(), "new2");
        assert!(matches!(s.claim_first(&[], "nobody"), Err(Error::Naming { .. })));
    }

    fn field(local: &str) -> Field {
        Field {
            wire: QName::new(None, local),
            rust: String::new(),
            ty: TypeRef::Builtin(Builtin::String),
            occurs: Occurs::Required,
            doc: None,
        }
    }

    fn def(ns: &str, local: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            wire: QName::new(Some(ns), local),
            rust: String::new(),
            doc: None,
            kind,
            origin: DefOrigin::Named,
        }
    }

    fn op(wire: &str) -> Operation {
        let body = BodyElement { name: QName::new(None, wire), ty: TypeId(0), unwrap: Unwrap::Whole };
        Operation {
            wire: wire.to_owned(),
            rust: String::new(),
            doc: None,
            style: Style::DocumentLiteral,
            soap_action: String::new(),
            input: Message { body: Some(body) },
            output: None,
            binding: Default::default(),
        }
    }

    fn client(port: &str, ops: &[&str]) -> Client {
        Client {
            port: port.to_owned(),
            service: "Svc".to_owned(),
            rust: String::new(),
            endpoint: None,
            doc: None,
            operations: ops.iter().map(|o| op(o)).collect(),
            binding: Default::default(),
            server: Default::default(),
        }
    }

    fn sample() -> Ir {
        let fields = ["return", "type", "No", "a-b", "a_b"].map(field).to_vec();
        let values = ["Other", "NO_SUCH_EXTENSION", "2", "", "-", "other"];
        let variants = values.map(|w| Variant { wire: w.to_owned(), rust: String::new() }).to_vec();
        let mut ir = Ir::default();
        ir.types.insert(TypeId(0), def("urn:a", "Property", TypeKind::Struct(Struct { fields })));
        ir.types.insert(TypeId(1), def("urn:b", "Property", TypeKind::Struct(Struct { fields: vec![] })));
        ir.types.insert(
            TypeId(2),
            def("urn:a", "status", TypeKind::Enum(Enum { base: Builtin::String, variants })),
        );
        ir.types.insert(TypeId(3), def("urn:a", "PermissionService", TypeKind::Alias(Builtin::Int)));
        ir.clients
            .push(client("PermissionService", &["createUser", "createUser", "new", "findUser", "FindUser"]));
        ir.clients.push(client("pbx", &["type"]));
        ir.clients.push(client("Pbx", &[]));
        ir
    }

    #[test]
    fn naming_assign_pass() {
        let mut ir = sample();
        assign(&mut ir).unwrap();
        let types: Vec<&str> = ir.types.values().map(|d| d.rust.as_str()).collect();
        assert_eq!(types, ["Property", "Property2", "Status", "PermissionService"]);
        let TypeKind::Struct(s) = &ir.types[&TypeId(0)].kind else { panic!("struct") };
        let fields: Vec<&str> = s.fields.iter().map(|f| f.rust.as_str()).collect();
        assert_eq!(fields, ["r#return", "r#type", "no", "a_b", "a_b2"]);
        let TypeKind::Enum(e) = &ir.types[&TypeId(2)].kind else { panic!("enum") };
        let variants: Vec<&str> = e.variants.iter().map(|v| v.rust.as_str()).collect();
        assert_eq!(variants, ["Other2", "NoSuchExtension", "V2", "Empty", "Minus", "Other3"]);
        let clients: Vec<&str> = ir.clients.iter().map(|c| c.rust.as_str()).collect();
        assert_eq!(clients, ["PermissionServiceClient", "Pbx", "PbxClient"]);
        let methods: Vec<&str> = ir.clients[0].operations.iter().map(|o| o.rust.as_str()).collect();
        assert_eq!(methods, ["create_user", "create_user2", "new2", "find_user", "find_user2"]);
        assert_eq!(ir.clients[1].operations[0].rust, "r#type");
    }

    #[test]
    fn naming_assign_is_deterministic() {
        let mut a = sample();
        let mut b = sample();
        assign(&mut a).unwrap();
        assign(&mut b).unwrap();
        assert_eq!(a, b);
        // Running the pass again over a named IR gives the same names.
        let before = a.clone();
        assign(&mut a).unwrap();
        assert_eq!(a, before);
    }
}
