//! The XML runtime (`pbx_soap::rt`) exercised the way generated code uses
//! it: hand-written types in the shape the generator emits, encoded with
//! `write_request` and decoded with `read_response`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use pbx_soap::rt::{
    self, DecodeError, DecodeErrorKind, DecodeOptions, Error, FromXml, Name, Operation, StartTag, ToXml,
    UnknownElements, XmlReader, XmlWriter, read_response, write_request,
};

const TNS: &str = "urn:test:users";
const AXIS_NS: &str = "http://xml.apache.org/axis/";

// ---------------------------------------------------------------------------
// Generated-style types
// ---------------------------------------------------------------------------

/// `tns:Status`: an enumeration with the generator's `Other` fallback.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Status {
    Active,
    Disabled,
    Other(String),
}

impl Status {
    pub fn as_str(&self) -> &str {
        match self {
            Self::Active => "ACTIVE",
            Self::Disabled => "DISABLED",
            Self::Other(s) => s,
        }
    }
}

impl From<&str> for Status {
    fn from(s: &str) -> Self {
        match s {
            "ACTIVE" => Self::Active,
            "DISABLED" => Self::Disabled,
            other => Self::Other(other.to_owned()),
        }
    }
}

impl ToXml for Status {
    const XSI_TYPE: Option<Name> = Some(Name::qualified(TNS, "Status"));
    fn to_xml(&self, w: &mut XmlWriter, name: Name) {
        w.start_typed(name, Self::XSI_TYPE);
        w.text(self.as_str());
        w.end();
    }
}

impl FromXml for Status {
    fn from_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Self, DecodeError> {
        let text = r.read_text(el)?;
        Ok(Self::from(&*text))
    }
}

/// `tns:User`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct User {
    /// required
    pub user_name: String,
    /// optional
    pub first_name: Option<String>,
    /// repeated, minOccurs 0
    pub groups: Vec<String>,
    /// repeated, minOccurs 0
    pub aliases: Vec<String>,
    /// optional list wrapper (`ArrayOfString`): absent or nil reads as empty
    pub permissions: Vec<String>,
    /// optional
    pub enabled: Option<bool>,
    /// required and nillable
    pub nick: Option<String>,
    /// optional enum
    pub status: Option<Status>,
    /// optional int
    pub age: Option<i32>,
}

impl ToXml for User {
    const XSI_TYPE: Option<Name> = Some(Name::qualified(TNS, "User"));
    fn to_xml(&self, w: &mut XmlWriter, name: Name) {
        w.start_typed(name, Self::XSI_TYPE);
        w.required(Name::local("userName"), &self.user_name);
        w.optional(Name::local("firstName"), &self.first_name);
        w.repeated(Name::local("groups"), &self.groups);
        w.repeated(Name::local("aliases"), &self.aliases);
        if !self.permissions.is_empty() {
            w.list(Name::local("permissions"), Name::local("item"), &self.permissions);
        }
        w.optional(Name::local("enabled"), &self.enabled);
        w.nillable(Name::local("nick"), &self.nick);
        w.optional(Name::local("status"), &self.status);
        w.optional(Name::local("age"), &self.age);
        w.end();
    }
}

impl FromXml for User {
    fn from_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Self, DecodeError> {
        let mut f0 = None;
        let mut f1 = None;
        let mut f2 = Vec::new();
        let mut f3 = Vec::new();
        let mut f4 = None;
        let mut f5 = None;
        let mut f6 = None;
        let mut f7 = None;
        let mut f8 = None;
        while let Some(child) = r.next_child(el)? {
            match child.local_name() {
                "userName" => r.set(&mut f0, &child)?,
                "firstName" => r.set_opt(&mut f1, &child)?,
                "groups" => r.push(&mut f2, &child)?,
                "aliases" => r.push(&mut f3, &child)?,
                "permissions" => r.set_list(&mut f4, &child)?,
                "enabled" => r.set_opt(&mut f5, &child)?,
                "nick" => r.set_opt(&mut f6, &child)?,
                "status" => r.set_opt(&mut f7, &child)?,
                "age" => r.set_opt(&mut f8, &child)?,
                _ => r.unknown(&child)?,
            }
        }
        Ok(Self {
            user_name: rt::required(f0, "userName")?,
            first_name: f1.flatten(),
            groups: f2,
            aliases: f3,
            permissions: f4.unwrap_or_default(),
            enabled: f5.flatten(),
            nick: rt::required(f6, "nick")?,
            status: f7.flatten(),
            age: f8.flatten(),
        })
    }
}

/// Request wrapper `tns:findUser` (document/literal wrapped).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FindUser {
    pub user_name: String,
    pub max: Option<i32>,
}

impl ToXml for FindUser {
    const XSI_TYPE: Option<Name> = Some(Name::qualified(TNS, "findUser"));
    fn to_xml(&self, w: &mut XmlWriter, name: Name) {
        w.start_typed(name, Self::XSI_TYPE);
        w.required(Name::local("userName"), &self.user_name);
        w.optional(Name::local("max"), &self.max);
        w.end();
    }
}

/// Response wrapper `tns:findUserResponse`: one optional list of users.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FindUserResponse {
    pub users: Vec<User>,
}

impl ToXml for FindUserResponse {
    const XSI_TYPE: Option<Name> = Some(Name::qualified(TNS, "findUserResponse"));
    fn to_xml(&self, w: &mut XmlWriter, name: Name) {
        w.start_typed(name, Self::XSI_TYPE);
        if !self.users.is_empty() {
            w.list(Name::local("users"), Name::local("item"), &self.users);
        }
        w.end();
    }
}

impl FromXml for FindUserResponse {
    fn from_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Self, DecodeError> {
        let mut f0 = None;
        while let Some(child) = r.next_child(el)? {
            match child.local_name() {
                "users" => r.set_list(&mut f0, &child)?,
                _ => r.unknown(&child)?,
            }
        }
        Ok(Self { users: f0.unwrap_or_default() })
    }
}

/// Request wrapper `tns:addUser`, also read back (the round trips decode
/// the request envelope itself).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AddUser {
    pub user: User,
    pub notify: bool,
}

impl ToXml for AddUser {
    const XSI_TYPE: Option<Name> = Some(Name::qualified(TNS, "addUser"));
    fn to_xml(&self, w: &mut XmlWriter, name: Name) {
        w.start_typed(name, Self::XSI_TYPE);
        w.required(Name::local("user"), &self.user);
        w.required(Name::local("notify"), &self.notify);
        w.end();
    }
}

impl FromXml for AddUser {
    fn from_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Self, DecodeError> {
        let mut f0 = None;
        let mut f1 = None;
        while let Some(child) = r.next_child(el)? {
            match child.local_name() {
                "user" => r.set(&mut f0, &child)?,
                "notify" => r.set(&mut f1, &child)?,
                _ => r.unknown(&child)?,
            }
        }
        Ok(Self { user: rt::required(f0, "user")?, notify: rt::required(f1, "notify")? })
    }
}

/// rpc/encoded request `tns:setNames` with a SOAP-ENC array of strings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SetNames {
    pub names: Vec<String>,
    pub count: i32,
    pub note: Option<String>,
}

impl ToXml for SetNames {
    const XSI_TYPE: Option<Name> = None;
    fn to_xml(&self, w: &mut XmlWriter, name: Name) {
        w.start_typed(name, Self::XSI_TYPE);
        w.list(Name::local("names"), Name::local("item"), &self.names);
        w.required(Name::local("count"), &self.count);
        w.nillable(Name::local("note"), &self.note);
        w.end();
    }
}

impl FromXml for SetNames {
    fn from_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Self, DecodeError> {
        let mut f0 = None;
        let mut f1 = None;
        let mut f2 = None;
        while let Some(child) = r.next_child(el)? {
            match child.local_name() {
                "names" => r.set_list(&mut f0, &child)?,
                "count" => r.set(&mut f1, &child)?,
                "note" => r.set_opt(&mut f2, &child)?,
                _ => r.unknown(&child)?,
            }
        }
        Ok(Self {
            names: rt::required(f0, "names")?,
            count: rt::required(f1, "count")?,
            note: rt::required(f2, "note")?,
        })
    }
}

/// A recursive type (`Boxed` in the generator's IR): the one shape where
/// decoding recurses as deep as the document nests.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Node {
    pub name: Option<String>,
    pub child: Option<Box<Node>>,
}

impl ToXml for Node {
    const XSI_TYPE: Option<Name> = Some(Name::qualified(TNS, "Node"));
    fn to_xml(&self, w: &mut XmlWriter, name: Name) {
        w.start_typed(name, Self::XSI_TYPE);
        w.optional(Name::local("name"), &self.name);
        w.optional(Name::local("child"), &self.child);
        w.end();
    }
}

impl FromXml for Node {
    fn from_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Self, DecodeError> {
        let mut f0 = None;
        let mut f1 = None;
        while let Some(child) = r.next_child(el)? {
            match child.local_name() {
                "name" => r.set_opt(&mut f0, &child)?,
                "child" => r.set_opt(&mut f1, &child)?,
                _ => r.unknown(&child)?,
            }
        }
        Ok(Self { name: f0.flatten(), child: f1.flatten() })
    }
}

/// A response wrapper holding a recursive value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GetTreeResponse {
    pub root: Node,
}

impl FromXml for GetTreeResponse {
    fn from_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Self, DecodeError> {
        let mut f0 = None;
        while let Some(child) = r.next_child(el)? {
            match child.local_name() {
                "root" => r.set(&mut f0, &child)?,
                _ => r.unknown(&child)?,
            }
        }
        Ok(Self { root: rt::required(f0, "root")? })
    }
}

/// A wrapper with a repeated field of minOccurs 2.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tagged {
    pub tags: Vec<String>,
}

impl FromXml for Tagged {
    fn from_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Self, DecodeError> {
        let mut f0 = Vec::new();
        while let Some(child) = r.next_child(el)? {
            match child.local_name() {
                "tags" => r.push(&mut f0, &child)?,
                _ => r.unknown(&child)?,
            }
        }
        Ok(Self { tags: rt::at_least(f0, 2, "tags")? })
    }
}

/// A response whose fields are numbers and booleans.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stats {
    pub count: i32,
    pub ratio: Option<f64>,
    pub small: Option<u8>,
    pub flag: Option<bool>,
    pub blob: Option<Vec<u8>>,
}

impl ToXml for Stats {
    const XSI_TYPE: Option<Name> = Some(Name::qualified(TNS, "Stats"));
    fn to_xml(&self, w: &mut XmlWriter, name: Name) {
        w.start_typed(name, Self::XSI_TYPE);
        w.required(Name::local("count"), &self.count);
        w.optional(Name::local("ratio"), &self.ratio);
        w.optional(Name::local("small"), &self.small);
        w.optional(Name::local("flag"), &self.flag);
        w.optional(Name::local("blob"), &self.blob);
        w.end();
    }
}

impl FromXml for Stats {
    fn from_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Self, DecodeError> {
        let mut f0 = None;
        let mut f1 = None;
        let mut f2 = None;
        let mut f3 = None;
        let mut f4 = None;
        while let Some(child) = r.next_child(el)? {
            match child.local_name() {
                "count" => r.set(&mut f0, &child)?,
                "ratio" => r.set_opt(&mut f1, &child)?,
                "small" => r.set_opt(&mut f2, &child)?,
                "flag" => r.set_opt(&mut f3, &child)?,
                "blob" => r.set_opt(&mut f4, &child)?,
                _ => r.unknown(&child)?,
            }
        }
        Ok(Self {
            count: rt::required(f0, "count")?,
            ratio: f1.flatten(),
            small: f2.flatten(),
            flag: f3.flatten(),
            blob: f4.flatten(),
        })
    }
}

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

const FIND_USER: Operation = Operation {
    name: "findUser",
    soap_action: "",
    input: Some(Name::qualified(TNS, "findUser")),
    output: Some(Name::qualified(TNS, "findUserResponse")),
    encoded: false,
    version: pbx_soap::rt::SoapVersion::Soap11,
};

/// `addUser`; its output is declared as the request element so that a
/// request envelope can be read back as the "response".
const ADD_USER: Operation = Operation {
    name: "addUser",
    soap_action: "urn:addUser",
    input: Some(Name::qualified(TNS, "addUser")),
    output: Some(Name::qualified(TNS, "addUser")),
    encoded: false,
    version: pbx_soap::rt::SoapVersion::Soap11,
};

const ADD_USER_ENCODED: Operation = Operation { encoded: true, ..ADD_USER };

const SET_NAMES: Operation = Operation {
    name: "setNames",
    soap_action: "",
    input: Some(Name::qualified(TNS, "setNames")),
    output: Some(Name::qualified(TNS, "setNames")),
    encoded: true,
    version: pbx_soap::rt::SoapVersion::Soap11,
};

const PING: Operation = Operation {
    name: "ping",
    soap_action: "",
    input: None,
    output: None,
    encoded: false,
    version: pbx_soap::rt::SoapVersion::Soap11,
};

const GET_TREE: Operation = Operation {
    name: "getTree",
    soap_action: "",
    input: None,
    output: Some(Name::qualified(TNS, "getTreeResponse")),
    encoded: false,
    version: pbx_soap::rt::SoapVersion::Soap11,
};

const GET_TAGGED: Operation = Operation {
    name: "getTagged",
    soap_action: "",
    input: None,
    output: Some(Name::qualified(TNS, "getTaggedResponse")),
    encoded: false,
    version: pbx_soap::rt::SoapVersion::Soap11,
};

const GET_STATS: Operation = Operation {
    name: "getStats",
    soap_action: "",
    input: Some(Name::qualified(TNS, "getStats")),
    output: Some(Name::qualified(TNS, "getStats")),
    encoded: false,
    version: pbx_soap::rt::SoapVersion::Soap11,
};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

const ENV_OPEN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>
"#;
const ENV_CLOSE: &str = "\n </soapenv:Body>\n</soapenv:Envelope>\n";

/// An Axis-style envelope around `body`.
fn envelope(body: &str) -> String {
    format!("{ENV_OPEN}{body}{ENV_CLOSE}")
}

/// An Axis-style `findUserResponse` (default namespace on the wrapper,
/// `xmlns=""` on the unqualified child) around the `users` content.
fn find_user_response(users: &str) -> String {
    envelope(&format!(
        r#"<findUserResponse xmlns="urn:test:users"><users xmlns="">{users}</users></findUserResponse>"#
    ))
}

fn decode<T: FromXml>(xml: &str, op: &Operation) -> Result<T, Error> {
    read_response(xml.as_bytes(), op, &DecodeOptions::default())
}

fn decode_with<T: FromXml>(xml: &[u8], op: &Operation, opts: &DecodeOptions) -> Result<T, Error> {
    read_response(xml, op, opts)
}

fn skip_unknown() -> DecodeOptions {
    DecodeOptions { unknown: UnknownElements::Skip, ..DecodeOptions::default() }
}

/// The decode error of a call that must fail decoding.
fn decode_error<T: FromXml + std::fmt::Debug>(result: Result<T, Error>) -> DecodeError {
    match result {
        Err(Error::Decode { source, operation }) => {
            assert!(!operation.is_empty());
            source
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

fn fault_of<T: FromXml + std::fmt::Debug>(result: Result<T, Error>) -> rt::Fault {
    match result {
        Err(Error::Fault(f)) => *f,
        other => panic!("expected a fault, got {other:?}"),
    }
}

fn path(e: &DecodeError) -> Vec<&str> {
    e.path.iter().map(String::as_str).collect()
}

fn to_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

fn full_user() -> User {
    User {
        user_name: "alice".into(),
        first_name: Some("Alice <A&B> \"q\" 'a'".into()),
        groups: vec!["admin".into(), "".into(), "sales & support".into()],
        aliases: vec!["al".into()],
        permissions: vec!["read".into(), "write".into()],
        enabled: Some(true),
        nick: None,
        status: Some(Status::Other("ON_LEAVE".into())),
        age: Some(-7),
    }
}

// ---------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------

#[test]
fn literal_round_trip_through_write_request_and_read_response() {
    let req = AddUser { user: full_user(), notify: true };
    let bytes = write_request(&ADD_USER, &req).unwrap();
    let back: AddUser = read_response(&bytes, &ADD_USER, &DecodeOptions::default()).unwrap();
    assert_eq!(back, req);

    let minimal = AddUser { user: User { user_name: String::new(), ..User::default() }, notify: false };
    let bytes = write_request(&ADD_USER, &minimal).unwrap();
    let back: AddUser = read_response(&bytes, &ADD_USER, &DecodeOptions::default()).unwrap();
    assert_eq!(back, minimal);
}

#[test]
fn encoded_round_trip_through_write_request_and_read_response() {
    let req = AddUser {
        user: User { nick: Some("ally".into()), status: Some(Status::Active), ..full_user() },
        notify: true,
    };
    let bytes = write_request(&ADD_USER_ENCODED, &req).unwrap();
    let xml = to_string(bytes.clone());
    assert!(xml.contains(r#"<user xsi:type="ns1:User">"#), "{xml}");
    assert!(xml.contains(r#"<status xsi:type="ns1:Status">ACTIVE</status>"#), "{xml}");
    assert!(xml.contains(r#"<age xsi:type="xsd:int">-7</age>"#), "{xml}");
    assert!(
        xml.contains(r#"<permissions xsi:type="soapenc:Array" soapenc:arrayType="xsd:string[2]"><item xsi:type="xsd:string">read</item>"#),
        "{xml}"
    );
    let back: AddUser = read_response(&bytes, &ADD_USER_ENCODED, &DecodeOptions::default()).unwrap();
    assert_eq!(back, req);

    let names = SetNames { names: vec!["a".into(), "b".into()], count: 2, note: None };
    let bytes = write_request(&SET_NAMES, &names).unwrap();
    let back: SetNames = read_response(&bytes, &SET_NAMES, &DecodeOptions::default()).unwrap();
    assert_eq!(back, names);
}

#[test]
fn decodes_an_axis_style_response() {
    let xml = find_user_response(
        r#"
      <item>
        <userName>alice</userName>
        <firstName>Alice</firstName>
        <groups>admin</groups>
        <groups>sales</groups>
        <aliases>al</aliases>
        <permissions><item>read</item><item>write</item></permissions>
        <enabled>true</enabled>
        <nick xsi:nil="true"/>
        <status>ACTIVE</status>
      </item>
      <item>
        <userName>bob</userName>
        <nick>bobby</nick>
        <status>SOMETHING_NEW</status>
      </item>"#,
    );
    let resp: FindUserResponse = decode(&xml, &FIND_USER).unwrap();
    assert_eq!(
        resp.users,
        vec![
            User {
                user_name: "alice".into(),
                first_name: Some("Alice".into()),
                groups: vec!["admin".into(), "sales".into()],
                aliases: vec!["al".into()],
                permissions: vec!["read".into(), "write".into()],
                enabled: Some(true),
                nick: None,
                status: Some(Status::Active),
                age: None,
            },
            User {
                user_name: "bob".into(),
                nick: Some("bobby".into()),
                status: Some(Status::Other("SOMETHING_NEW".into())),
                ..User::default()
            },
        ]
    );
}

#[test]
fn decodes_an_axis_rpc_encoded_response() {
    // Types and array attributes are sent and ignored; items are named
    // after the part here.
    let xml = r##"<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>
  <ns1:setNames soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns1="urn:test:users">
   <names xsi:type="soapenc:Array" soapenc:arrayType="xsd:string[2]" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">
    <names xsi:type="xsd:string">a</names>
    <names xsi:type="xsd:string">b</names>
   </names>
   <count href="#id0"/>
   <note xsi:type="xsd:string" xsi:nil="true"/>
  </ns1:setNames>
  <multiRef id="id0" soapenc:root="0" soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xsi:type="xsd:int" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">2</multiRef>
 </soapenv:Body>
</soapenv:Envelope>"##;
    // The `href` multi-reference is followed to the independent element.
    let expected = SetNames { names: vec!["a".into(), "b".into()], count: 2, note: None };
    assert_eq!(decode::<SetNames>(xml, &SET_NAMES).unwrap(), expected);
    let inline = xml.replace(r##"<count href="#id0"/>"##, r#"<count xsi:type="xsd:int">2</count>"#);
    assert_eq!(decode::<SetNames>(&inline, &SET_NAMES).unwrap(), expected);
    // A literal operation reads the referring element as it stands (empty):
    // multi-references belong to SOAP encoding only.
    let literal = Operation { encoded: false, ..SET_NAMES };
    let e = decode_error(decode::<SetNames>(xml, &literal));
    assert_eq!(e.kind, DecodeErrorKind::InvalidValue { expected: "int", found: String::new() });
    assert_eq!(path(&e), ["Body", "setNames", "count"]);
}

#[test]
fn decodes_a_prefixed_response_with_qualified_children() {
    // Every element qualified with a prefix, namespaces declared where used,
    // the Envelope under an unusual prefix.
    let xml = r#"<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/">
  <S:Header><h:session xmlns:h="urn:h">abc<h:x/></h:session></S:Header>
  <S:Body>
    <ns2:findUserResponse xmlns:ns2="urn:test:users" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
      <ns2:users>
        <ns2:User><ns2:userName>carol</ns2:userName><ns2:nick xsi:nil="1"></ns2:nick><ns2:enabled>0</ns2:enabled></ns2:User>
      </ns2:users>
    </ns2:findUserResponse>
  </S:Body>
</S:Envelope>"#;
    let resp: FindUserResponse = decode(xml, &FIND_USER).unwrap();
    assert_eq!(resp.users, vec![User { user_name: "carol".into(), enabled: Some(false), ..User::default() }]);
}

#[test]
fn list_items_decode_whatever_their_element_name() {
    let xml = find_user_response(
        r#"<item><userName>a</userName><nick/></item><User><userName>b</userName><nick/></User><x><userName>c</userName><nick/></x>"#,
    );
    let resp: FindUserResponse = decode(&xml, &FIND_USER).unwrap();
    let names: Vec<&str> = resp.users.iter().map(|u| u.user_name.as_str()).collect();
    assert_eq!(names, ["a", "b", "c"]);
    // `<nick/>` is an empty string, not nil.
    assert!(resp.users.iter().all(|u| u.nick.as_deref() == Some("")));
}

#[test]
fn empty_and_absent_lists() {
    let resp: FindUserResponse = decode(&find_user_response(""), &FIND_USER).unwrap();
    assert!(resp.users.is_empty());
    let xml = envelope(r#"<findUserResponse xmlns="urn:test:users"><users xmlns=""/></findUserResponse>"#);
    assert!(decode::<FindUserResponse>(&xml, &FIND_USER).unwrap().users.is_empty());
    let xml = envelope(r#"<findUserResponse xmlns="urn:test:users"/>"#);
    assert!(decode::<FindUserResponse>(&xml, &FIND_USER).unwrap().users.is_empty());
}

#[test]
fn numbers_booleans_and_bytes_through_a_struct() {
    let stats = Stats {
        count: i32::MIN,
        ratio: Some(f64::NEG_INFINITY),
        small: Some(u8::MAX),
        flag: Some(false),
        blob: Some((0u8..=255).collect()),
    };
    let bytes = write_request(&GET_STATS, &stats).unwrap();
    let back: Stats = read_response(&bytes, &GET_STATS, &DecodeOptions::default()).unwrap();
    assert_eq!(back, stats);

    // Whitespace around numbers is allowed (the schema types collapse it).
    let xml = envelope(
        "<t:getStats xmlns:t=\"urn:test:users\"><count>\n 42 \n</count><ratio> 1.5E2 </ratio><small>+7</small><flag> 1 </flag><blob>aGVs\r\nbG8=</blob></t:getStats>",
    );
    let back: Stats = decode(&xml, &GET_STATS).unwrap();
    assert_eq!(
        back,
        Stats {
            count: 42,
            ratio: Some(150.0),
            small: Some(7),
            flag: Some(true),
            blob: Some(b"hello".to_vec())
        }
    );

    // Out of range, with the path to the bad value.
    let xml =
        envelope(r#"<t:getStats xmlns:t="urn:test:users"><count>1</count><small>256</small></t:getStats>"#);
    let e = decode_error(decode::<Stats>(&xml, &GET_STATS));
    assert_eq!(e.kind, DecodeErrorKind::InvalidValue { expected: "unsignedByte", found: "256".into() });
    assert_eq!(path(&e), ["Body", "getStats", "small"]);

    let xml = envelope(r#"<t:getStats xmlns:t="urn:test:users"><count>2147483648</count></t:getStats>"#);
    let e = decode_error(decode::<Stats>(&xml, &GET_STATS));
    assert!(matches!(e.kind, DecodeErrorKind::InvalidValue { expected: "int", .. }), "{e}");
    assert_eq!(path(&e), ["Body", "getStats", "count"]);

    let xml =
        envelope(r#"<t:getStats xmlns:t="urn:test:users"><count>1</count><flag>TRUE</flag></t:getStats>"#);
    let e = decode_error(decode::<Stats>(&xml, &GET_STATS));
    assert!(matches!(e.kind, DecodeErrorKind::InvalidValue { expected: "boolean", .. }), "{e}");

    // An element where a number's text was expected.
    let xml = envelope(r#"<t:getStats xmlns:t="urn:test:users"><count><v>1</v></count></t:getStats>"#);
    let e = decode_error(decode::<Stats>(&xml, &GET_STATS));
    assert_eq!(e.kind, DecodeErrorKind::UnexpectedElement("v".into()));
    assert_eq!(path(&e), ["Body", "getStats", "count"]);
}

// ---------------------------------------------------------------------------
// Exact envelopes
// ---------------------------------------------------------------------------

#[test]
fn literal_envelope_exact_bytes() {
    let req = FindUser { user_name: "bob & <co>".into(), max: Some(10) };
    let xml = to_string(write_request(&FIND_USER, &req).unwrap());
    assert_eq!(
        xml,
        concat!(
            r#"<?xml version="1.0" encoding="utf-8"?>"#,
            r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            r#"<soapenv:Body>"#,
            r#"<ns1:findUser xmlns:ns1="urn:test:users"><userName>bob &amp; &lt;co&gt;</userName><max>10</max></ns1:findUser>"#,
            r#"</soapenv:Body></soapenv:Envelope>"#,
        )
    );
    assert!(!xml.contains("xmlns=\""), "never a default namespace: {xml}");
}

#[test]
fn literal_envelope_with_nested_struct_and_nil_exact_bytes() {
    let req = AddUser {
        user: User {
            user_name: "u".into(),
            groups: vec!["g1".into(), "g2".into()],
            permissions: vec!["p".into()],
            ..User::default()
        },
        notify: false,
    };
    let xml = to_string(write_request(&ADD_USER, &req).unwrap());
    let body = xml.split_once("<soapenv:Body>").unwrap().1;
    assert_eq!(
        body,
        concat!(
            r#"<ns1:addUser xmlns:ns1="urn:test:users"><user><userName>u</userName><groups>g1</groups><groups>g2</groups>"#,
            r#"<permissions><item>p</item></permissions><nick xsi:nil="true"/></user><notify>false</notify></ns1:addUser>"#,
            r#"</soapenv:Body></soapenv:Envelope>"#,
        )
    );
}

#[test]
fn encoded_envelope_exact_bytes() {
    let req = SetNames { names: vec!["a".into(), "b<".into(), "".into()], count: 3, note: None };
    let xml = to_string(write_request(&SET_NAMES, &req).unwrap());
    assert_eq!(
        xml,
        concat!(
            r#"<?xml version="1.0" encoding="utf-8"?>"#,
            r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">"#,
            r#"<soapenv:Body>"#,
            r#"<ns1:setNames xmlns:ns1="urn:test:users">"#,
            r#"<names xsi:type="soapenc:Array" soapenc:arrayType="xsd:string[3]">"#,
            r#"<item xsi:type="xsd:string">a</item><item xsi:type="xsd:string">b&lt;</item><item xsi:type="xsd:string"/>"#,
            r#"</names>"#,
            r#"<count xsi:type="xsd:int">3</count>"#,
            r#"<note xsi:nil="true"/>"#,
            r#"</ns1:setNames>"#,
            r#"</soapenv:Body></soapenv:Envelope>"#,
        )
    );
}

#[test]
fn encoded_array_of_structs_declares_the_item_type_namespace() {
    let resp = FindUserResponse {
        users: vec![User { user_name: "a".into(), nick: Some("n".into()), ..User::default() }],
    };
    let op = Operation {
        name: "x",
        soap_action: "",
        input: Some(Name::local("findUserResponse")),
        output: Some(Name::local("findUserResponse")),
        encoded: true,
        version: pbx_soap::rt::SoapVersion::Soap11,
    };
    let xml = to_string(write_request(&op, &resp).unwrap());
    let body = xml.split_once("<soapenv:Body>").unwrap().1;
    assert_eq!(
        body,
        concat!(
            r#"<findUserResponse xmlns:ns1="urn:test:users" xsi:type="ns1:findUserResponse">"#,
            r#"<users xsi:type="soapenc:Array" soapenc:arrayType="ns1:User[1]">"#,
            r#"<item xsi:type="ns1:User"><userName xsi:type="xsd:string">a</userName><nick xsi:type="xsd:string">n</nick></item>"#,
            r#"</users></findUserResponse></soapenv:Body></soapenv:Envelope>"#,
        )
    );
    let back: FindUserResponse = read_response(xml.as_bytes(), &op, &DecodeOptions::default()).unwrap();
    assert_eq!(back, resp);
}

#[test]
fn an_operation_without_input_sends_an_empty_body() {
    let xml = to_string(write_request(&PING, &rt::NoBody).unwrap());
    assert!(xml.ends_with("<soapenv:Body/></soapenv:Envelope>"), "{xml}");
}

#[test]
fn a_character_xml_cannot_carry_is_an_encode_error() {
    let req = FindUser { user_name: "a\u{1}b".into(), max: None };
    match write_request(&FIND_USER, &req) {
        Err(Error::Encode { operation, message }) => {
            assert_eq!(operation, "findUser");
            assert!(message.contains("U+0001") && message.contains("userName"), "{message}");
        }
        other => panic!("expected an encode error, got {other:?}"),
    }
    for bad in ["\u{0}", "\u{1F}", "\u{FFFE}", "\u{FFFF}", "x\u{B}"] {
        let req = FindUser { user_name: bad.into(), max: None };
        assert!(matches!(write_request(&FIND_USER, &req), Err(Error::Encode { .. })), "{bad:?}");
    }
    // Tab, LF, CR and everything from U+0020 up are fine.
    let req = FindUser { user_name: "\t\n\r \u{D7FF}\u{E000}\u{FFFD}\u{10000}\u{10FFFF}".into(), max: None };
    assert!(write_request(&FIND_USER, &req).is_ok());
}

// ---------------------------------------------------------------------------
// xsi:nil
// ---------------------------------------------------------------------------

#[test]
fn nil_on_optional_and_nillable_fields_is_none() {
    let xml = find_user_response(
        r#"<item><userName>a</userName><firstName xsi:nil="true"/><enabled xsi:nil="true"></enabled><nick xsi:nil="true"/><status xsi:nil="true"/></item>"#,
    );
    let resp: FindUserResponse = decode(&xml, &FIND_USER).unwrap();
    assert_eq!(resp.users, vec![User { user_name: "a".into(), ..User::default() }]);
}

#[test]
fn nil_is_recognized_by_namespace_not_prefix() {
    // Another prefix bound to the XSI namespace: nil.
    let xml = find_user_response(
        r#"<item xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><userName>a</userName><nick i:nil="true"/></item>"#,
    );
    assert_eq!(decode::<FindUserResponse>(&xml, &FIND_USER).unwrap().users[0].nick, None);
    // `xsi:` bound to something else: not nil, an ordinary empty string.
    let xml = find_user_response(
        r#"<item xmlns:xsi="urn:other"><userName>a</userName><nick xsi:nil="true"/></item>"#,
    );
    assert_eq!(decode::<FindUserResponse>(&xml, &FIND_USER).unwrap().users[0].nick.as_deref(), Some(""));
    // nil="false" is not nil.
    let xml = find_user_response(r#"<item><userName>a</userName><nick xsi:nil="false">n</nick></item>"#);
    assert_eq!(decode::<FindUserResponse>(&xml, &FIND_USER).unwrap().users[0].nick.as_deref(), Some("n"));
}

#[test]
fn nil_on_a_required_non_nillable_field_is_an_error() {
    let xml = find_user_response(r#"<item><userName xsi:nil="true"/><nick/></item>"#);
    let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(e.kind, DecodeErrorKind::Nil);
    assert_eq!(path(&e), ["Body", "findUserResponse", "users", "item[0]", "userName"]);
}

#[test]
fn a_nillable_required_field_that_is_absent_is_missing() {
    let xml = find_user_response(r#"<item><userName>a</userName></item>"#);
    let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(e.kind, DecodeErrorKind::Missing("nick"));
    assert_eq!(path(&e), ["Body", "findUserResponse", "users", "item[0]"]);
}

#[test]
fn a_nil_list_wrapper_is_an_empty_list() {
    let xml = envelope(
        r#"<findUserResponse xmlns="urn:test:users"><users xmlns="" xsi:nil="true"/></findUserResponse>"#,
    );
    assert!(decode::<FindUserResponse>(&xml, &FIND_USER).unwrap().users.is_empty());
    let xml = find_user_response(
        r#"<item><userName>a</userName><nick/><permissions xsi:nil="true"></permissions></item>"#,
    );
    assert!(decode::<FindUserResponse>(&xml, &FIND_USER).unwrap().users[0].permissions.is_empty());
}

#[test]
fn nil_list_items_are_errors_unless_skipping_is_asked_for() {
    // A nil among a repeated element's occurrences, and a nil array item:
    // dropping either would shift the items after it.
    let cases = [
        (
            r#"<item><userName>a</userName><nick/><groups>g</groups><groups xsi:nil="true"/></item>"#,
            "groups[1]",
        ),
        (
            r#"<item><userName>a</userName><nick/><groups xsi:nil="true"/><groups>g</groups></item>"#,
            "groups[0]",
        ),
        (
            r#"<item><userName>a</userName><nick/><permissions><item>p</item><item xsi:nil="true"/></permissions></item>"#,
            "item[1]",
        ),
        (r#"<item xsi:nil="true"/>"#, "item[0]"),
    ];
    for (content, last) in cases {
        let xml = find_user_response(content);
        let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
        assert_eq!(e.kind, DecodeErrorKind::NilItem, "{content}");
        assert_eq!(path(&e).last().copied(), Some(last), "{content}: {e}");
    }
    let skip = DecodeOptions { nil_items: rt::NilItems::Skip, ..DecodeOptions::default() };
    let xml = find_user_response(
        r#"<item xsi:nil="true"/><item><userName>a</userName><nick/><groups xsi:nil="true"/><groups>g</groups><groups xsi:nil="true"></groups><permissions><item xsi:nil="true"/><item>p</item></permissions></item>"#,
    );
    let resp: FindUserResponse = decode_with(xml.as_bytes(), &FIND_USER, &skip).unwrap();
    assert_eq!(resp.users.len(), 1);
    assert_eq!(resp.users[0].groups, ["g"]);
    assert_eq!(resp.users[0].permissions, ["p"]);
}

#[test]
fn a_nil_that_is_not_nillable_is_an_error_unless_read_as_empty() {
    let xml = find_user_response(r#"<item><userName xsi:nil="true"/><nick/></item>"#);
    let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(e.kind, DecodeErrorKind::Nil);
    assert_eq!(path(&e).last().copied(), Some("userName"), "{e}");
    let as_empty = DecodeOptions { nil_values: rt::NilValues::AsEmpty, ..DecodeOptions::default() };
    let resp: FindUserResponse = decode_with(xml.as_bytes(), &FIND_USER, &as_empty).unwrap();
    assert_eq!(resp.users[0].user_name, "");
    // A second occurrence is still one too many, nil or not.
    let twice = find_user_response(r#"<item><userName xsi:nil="true"/><userName>a</userName><nick/></item>"#);
    let e = decode_error(decode_with::<FindUserResponse>(twice.as_bytes(), &FIND_USER, &as_empty));
    assert!(matches!(e.kind, DecodeErrorKind::Duplicate(_)), "{e}");
    let lost = find_user_response(r#"<item><userName xsi:nil="true">lost</userName><nick/></item>"#);
    let e = decode_error(decode_with::<FindUserResponse>(lost.as_bytes(), &FIND_USER, &as_empty));
    assert_eq!(e.kind, DecodeErrorKind::NilWithContent);
}

#[test]
fn a_lone_nil_occurrence_is_a_null_list() {
    // Axis sends a null array as one nil element: an empty list, in each
    // item of the outer list on its own.
    let xml = find_user_response(
        r#"<item><userName>a</userName><nick/><groups xsi:nil="true"/></item><item><userName>b</userName><nick/><groups>g</groups></item>"#,
    );
    let resp: FindUserResponse = decode(&xml, &FIND_USER).unwrap();
    assert!(resp.users[0].groups.is_empty());
    assert_eq!(resp.users[1].groups, ["g"]);
}

#[test]
fn nil_with_content_is_an_error() {
    for content in [
        r#"<item><userName>a</userName><nick xsi:nil="true">lost</nick></item>"#,
        r#"<item><userName>a</userName><nick/><groups xsi:nil="true">lost</groups></item>"#,
        r#"<item><userName>a</userName><nick/><permissions xsi:nil="true"><item>lost</item></permissions></item>"#,
    ] {
        let e = decode_error(decode::<FindUserResponse>(&find_user_response(content), &FIND_USER));
        assert_eq!(e.kind, DecodeErrorKind::NilWithContent, "{content}");
    }
    // Whitespace and comments are no content.
    let xml = find_user_response(
        r#"<item><userName>a</userName><nick xsi:nil="true"> <!-- c -->
</nick></item>"#,
    );
    assert_eq!(decode::<FindUserResponse>(&xml, &FIND_USER).unwrap().users[0].nick, None);
}

// ---------------------------------------------------------------------------
// Structure errors and their paths
// ---------------------------------------------------------------------------

#[test]
fn a_missing_required_field_names_its_path() {
    let xml = find_user_response(r#"<item><userName>a</userName><nick/></item><item><nick/></item>"#);
    let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(e.kind, DecodeErrorKind::Missing("userName"));
    // List items are numbered from 0, by decoded items.
    assert_eq!(path(&e), ["Body", "findUserResponse", "users", "item[1]"]);
    assert_eq!(e.to_string(), "missing required element <userName> at /Body/findUserResponse/users/item[1]");
}

#[test]
fn a_missing_required_struct_field_and_too_few_repeats() {
    let xml = envelope(r#"<t:addUser xmlns:t="urn:test:users"><notify>true</notify></t:addUser>"#);
    let e = decode_error(decode::<AddUser>(&xml, &ADD_USER));
    assert_eq!(e.kind, DecodeErrorKind::Missing("user"));
    assert_eq!(path(&e), ["Body", "addUser"]);

    let xml =
        envelope(r#"<t:getTaggedResponse xmlns:t="urn:test:users"><tags>one</tags></t:getTaggedResponse>"#);
    let e = decode_error(decode::<Tagged>(&xml, &GET_TAGGED));
    assert_eq!(e.kind, DecodeErrorKind::TooFew { name: "tags", min: 2, found: 1 });
    assert_eq!(path(&e), ["Body", "getTaggedResponse"]);
    let xml = envelope(
        r#"<t:getTaggedResponse xmlns:t="urn:test:users"><tags>one</tags><tags/></t:getTaggedResponse>"#,
    );
    assert_eq!(decode::<Tagged>(&xml, &GET_TAGGED).unwrap().tags, ["one", ""]);
}

#[test]
fn a_duplicate_single_element_is_an_error() {
    let xml = find_user_response(r#"<item><userName>a</userName><nick/><userName>b</userName></item>"#);
    let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(e.kind, DecodeErrorKind::Duplicate("userName".into()));
    assert_eq!(path(&e), ["Body", "findUserResponse", "users", "item[0]"]);

    // Also for a nil first occurrence of a nillable field, and a list wrapper.
    let xml =
        find_user_response(r#"<item><userName>a</userName><nick xsi:nil="true"/><nick>x</nick></item>"#);
    let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(e.kind, DecodeErrorKind::Duplicate("nick".into()));
    let xml = envelope(
        r#"<findUserResponse xmlns="urn:test:users"><users xmlns=""/><users xmlns=""/></findUserResponse>"#,
    );
    let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(e.kind, DecodeErrorKind::Duplicate("users".into()));
    assert_eq!(path(&e), ["Body", "findUserResponse"]);
}

#[test]
fn unknown_elements_are_errors_by_default_and_skipped_on_request() {
    let xml = find_user_response(
        r#"<item><userName>a</userName><extra a="1"><deep><deeper>t</deeper></deep><x/></extra><nick>n</nick><more/></item>"#,
    );
    let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(e.kind, DecodeErrorKind::UnknownElement("extra".into()));
    assert_eq!(path(&e), ["Body", "findUserResponse", "users", "item[0]"]);

    let resp: FindUserResponse = decode_with(xml.as_bytes(), &FIND_USER, &skip_unknown()).unwrap();
    assert_eq!(resp.users, vec![User { user_name: "a".into(), nick: Some("n".into()), ..User::default() }]);
}

#[test]
fn skipped_unknown_elements_keep_the_namespace_scopes_right() {
    // The skipped element declares a prefix; the next sibling's nil must
    // still resolve `xsi` from the Envelope, and the prefix must be gone.
    let xml = find_user_response(
        r#"<item><extra xmlns:xsi="urn:not-xsi"><a xsi:nil="true"/></extra><userName>a</userName><nick xsi:nil="true"/></item>"#,
    );
    let resp: FindUserResponse = decode_with(xml.as_bytes(), &FIND_USER, &skip_unknown()).unwrap();
    assert_eq!(resp.users[0].nick, None);
}

#[test]
fn whitespace_comments_and_processing_instructions_between_elements_are_ignored() {
    let xml = find_user_response(
        "\n\t <!-- a comment --> <?pi data?>\r\n<item>\n  <!-- c --><userName>a</userName>  <![CDATA[  ]]>\n<nick><!-- inside text -->n<!-- x -->ick</nick>\n</item>\n",
    );
    let resp: FindUserResponse = decode(&xml, &FIND_USER).unwrap();
    assert_eq!(resp.users[0].user_name, "a");
    assert_eq!(resp.users[0].nick.as_deref(), Some("nick"));
}

#[test]
fn text_between_elements_is_an_error() {
    let xml = find_user_response(r#"<item><userName>a</userName> junk <nick/></item>"#);
    let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(e.kind, DecodeErrorKind::UnexpectedText("junk".into()));
    assert_eq!(path(&e), ["Body", "findUserResponse", "users", "item[0]"]);

    let xml = find_user_response(r#"<item><userName>a</userName><![CDATA[data]]><nick/></item>"#);
    let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert!(matches!(e.kind, DecodeErrorKind::UnexpectedText(_)), "{e}");

    let xml = find_user_response(r#"<item><userName>a</userName>&amp;<nick/></item>"#);
    let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert!(matches!(e.kind, DecodeErrorKind::UnexpectedText(_)), "{e}");
}

#[test]
fn text_keeps_its_whitespace_and_resolves_references() {
    let xml = find_user_response(
        "<item><userName>  a &lt;&gt;&amp;&quot;&apos; &#x263A;&#9731;\u{e9}<![CDATA[<raw>&amp;]]>  </userName><nick/></item>",
    );
    let resp: FindUserResponse = decode(&xml, &FIND_USER).unwrap();
    assert_eq!(resp.users[0].user_name, "  a <>&\"' \u{263A}\u{2603}\u{e9}<raw>&amp;  ");
}

#[test]
fn line_ends_are_normalized_but_escaped_cr_survives() {
    let xml = find_user_response(
        "<item><userName>a\r\nb\rc&#13;d&#xD;&#10;</userName><nick><![CDATA[x\r\ny]]></nick></item>",
    );
    let resp: FindUserResponse = decode(&xml, &FIND_USER).unwrap();
    assert_eq!(resp.users[0].user_name, "a\nb\nc\rd\r\n");
    assert_eq!(resp.users[0].nick.as_deref(), Some("x\ny"), "CDATA line ends are normalized too");
}

// ---------------------------------------------------------------------------
// Envelope structure
// ---------------------------------------------------------------------------

#[test]
fn wrong_body_element_is_an_error() {
    let xml = envelope(r#"<t:somethingElse xmlns:t="urn:test:users"/>"#);
    let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(
        e.kind,
        DecodeErrorKind::WrongElement { expected: "findUserResponse".into(), found: "somethingElse".into() }
    );
    assert_eq!(path(&e), ["Body"]);
}

#[test]
fn a_non_envelope_root_is_not_an_envelope() {
    let e = decode_error(decode::<FindUserResponse>("<html><body>502 Bad Gateway</body></html>", &FIND_USER));
    assert!(matches!(&e.kind, DecodeErrorKind::NotEnvelope(m) if m.contains("<html>")), "{e}");
    // An Envelope in no namespace, or in another one, is not one either.
    let e = decode_error(decode::<FindUserResponse>("<Envelope><Body/></Envelope>", &FIND_USER));
    assert!(matches!(e.kind, DecodeErrorKind::NotEnvelope(_)), "{e}");
}

#[test]
fn a_soap_1_2_envelope_is_read_and_other_roots_are_refused_by_name() {
    // Whatever version the request used, the answer's envelope namespace
    // decides how it is read.
    let xml = r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><findUserResponse xmlns="urn:test:users"/></env:Body></env:Envelope>"#;
    let got = decode::<FindUserResponse>(xml, &FIND_USER).unwrap();
    assert_eq!(got, FindUserResponse::default());
    let xml = r#"<env:Envelope xmlns:env="urn:not-soap"><env:Body/></env:Envelope>"#;
    let e = decode_error(decode::<FindUserResponse>(xml, &FIND_USER));
    match &e.kind {
        DecodeErrorKind::NotEnvelope(m) => assert!(m.contains("urn:not-soap"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_envelope_without_a_body_or_with_junk_before_it() {
    let xml = r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header/></soapenv:Envelope>"#;
    let e = decode_error(decode::<FindUserResponse>(xml, &FIND_USER));
    assert_eq!(e.kind, DecodeErrorKind::Missing("Body"));
    assert_eq!(path(&e), ["Envelope"]);
    let xml = r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><x/><soapenv:Body/></soapenv:Envelope>"#;
    let e = decode_error(decode::<FindUserResponse>(xml, &FIND_USER));
    assert_eq!(e.kind, DecodeErrorKind::UnknownElement("x".into()));
}

#[test]
fn a_leading_byte_order_mark_is_accepted() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(find_user_response("").as_bytes());
    let resp: FindUserResponse = decode_with(&bytes, &FIND_USER, &DecodeOptions::default()).unwrap();
    assert!(resp.users.is_empty());
}

#[test]
fn body_elements_after_the_response_are_unknown_unless_encoded_independents() {
    // In a literal message an extra Body child is an undeclared element.
    let xml = envelope(
        r#"<findUserResponse xmlns="urn:test:users"/><multiRef id="id0" xmlns:x="urn:x"><x:a>1</x:a></multiRef>"#,
    );
    let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(e.kind, DecodeErrorKind::UnknownElement("multiRef".into()));
    assert_eq!(path(&e), ["Body"]);
    assert!(
        decode_with(xml.as_bytes(), &FIND_USER, &skip_unknown())
            .is_ok_and(|r: FindUserResponse| r.users.is_empty())
    );
    // In a SOAP-encoded one, an independent element nothing references is
    // a serialisation left-over and skipped; one without an id is not.
    let encoded = Operation { encoded: true, ..FIND_USER };
    assert!(decode::<FindUserResponse>(&xml, &encoded).unwrap().users.is_empty());
    let xml = envelope(r#"<findUserResponse xmlns="urn:test:users"/><extra/>"#);
    let e = decode_error(decode::<FindUserResponse>(&xml, &encoded));
    assert_eq!(e.kind, DecodeErrorKind::UnknownElement("extra".into()));
}

// ---------------------------------------------------------------------------
// Operations without output
// ---------------------------------------------------------------------------

#[test]
fn an_operation_without_output_accepts_an_empty_body_or_any_element() {
    decode::<()>(&envelope(""), &PING).unwrap();
    decode::<()>(
        r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>"#,
        &PING,
    )
    .unwrap();
    decode::<()>(&envelope(r#"<pingResponse xmlns="urn:x"><a><b/></a></pingResponse>"#), &PING).unwrap();
}

#[test]
fn an_operation_without_output_still_reports_a_fault() {
    let xml = envelope(
        r#"<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>no</faultstring></soapenv:Fault>"#,
    );
    let f = fault_of(decode::<()>(&xml, &PING));
    assert_eq!(f.string, "no");
}

#[test]
fn an_operation_with_output_and_an_empty_body_is_missing_its_element() {
    let e = decode_error(decode::<FindUserResponse>(&envelope(""), &FIND_USER));
    assert_eq!(e.kind, DecodeErrorKind::Missing("findUserResponse"));
    assert_eq!(path(&e), ["Body"]);
}

// ---------------------------------------------------------------------------
// Faults
// ---------------------------------------------------------------------------

#[test]
fn a_soap_1_1_fault_is_a_typed_error() {
    let xml = envelope(
        r#"<soapenv:Fault>
      <faultcode>soapenv:Client</faultcode>
      <faultstring>bad &amp; wrong</faultstring>
      <faultactor>urn:actor</faultactor>
      <detail>
        <e:problem xmlns:e="urn:errors"><e:code>42</e:code></e:problem>
      </detail>
    </soapenv:Fault>"#,
    );
    let f = fault_of(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(f.code, "soapenv:Client");
    assert_eq!(f.code_local(), "Client");
    assert_eq!(f.code_ns.as_deref(), Some(rt::ns::SOAP_ENV));
    assert_eq!(f.string, "bad & wrong");
    assert_eq!(f.actor.as_deref(), Some("urn:actor"));
    assert_eq!(
        f.detail.as_deref(),
        Some(r#"<e:problem xmlns:e="urn:errors"><e:code>42</e:code></e:problem>"#)
    );
    assert_eq!(f.to_string(), "SOAP fault soapenv:Client: bad & wrong (actor urn:actor)");
}

#[test]
fn an_axis_user_exception_fault() {
    let xml = r#"<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server.userException</faultcode><faultstring>java.lang.NullPointerException</faultstring><detail><ns1:hostname xmlns:ns1="http://xml.apache.org/axis/">h</ns1:hostname></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>"#;
    let f = fault_of(decode::<FindUserResponse>(xml, &FIND_USER));
    assert_eq!(f.code, "soapenv:Server.userException");
    assert_eq!(f.code_local(), "Server.userException");
    assert_eq!(f.code_ns.as_deref(), Some(rt::ns::SOAP_ENV));
    assert_eq!(f.string, "java.lang.NullPointerException");
    assert_eq!(f.actor, None);
    assert_eq!(
        f.detail.as_deref(),
        Some(format!(r#"<ns1:hostname xmlns:ns1="{AXIS_NS}">h</ns1:hostname>"#).as_str())
    );
}

#[test]
fn a_fault_with_qualified_children_and_a_code_prefix_declared_locally() {
    let xml = envelope(
        r#"<soapenv:Fault><soapenv:faultcode xmlns:c="urn:codes"> c:Quota </soapenv:faultcode><soapenv:faultstring/><soapenv:detail/><soapenv:extra>x</soapenv:extra></soapenv:Fault>"#,
    );
    let f = fault_of(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(f.code, "c:Quota");
    assert_eq!(f.code_ns.as_deref(), Some("urn:codes"));
    assert_eq!(f.string, "");
    assert_eq!(f.detail.as_deref(), Some(""));
}

#[test]
fn a_fault_code_without_prefix_or_with_an_unbound_one() {
    let xml = envelope(
        r#"<soapenv:Fault><faultcode>Server</faultcode><faultstring>x</faultstring></soapenv:Fault>"#,
    );
    let f = fault_of(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!((f.code.as_str(), f.code_ns), ("Server", None));
    let xml = envelope(
        r#"<soapenv:Fault><faultcode>zz:Server</faultcode><faultstring>x</faultstring></soapenv:Fault>"#,
    );
    let f = fault_of(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!((f.code.as_str(), f.code_ns), ("zz:Server", None));
}

#[test]
fn a_fault_in_the_default_namespace_is_a_fault() {
    let xml = envelope(
        r#"<Fault xmlns="http://schemas.xmlsoap.org/soap/envelope/"><faultcode xmlns="">Client</faultcode><faultstring xmlns="">x</faultstring></Fault>"#,
    );
    let f = fault_of(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!((f.code.as_str(), f.string.as_str()), ("Client", "x"));
}

#[test]
fn a_fault_element_in_another_namespace_is_not_a_fault() {
    let xml = envelope(r#"<x:Fault xmlns:x="urn:x"/>"#);
    let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert!(matches!(e.kind, DecodeErrorKind::WrongElement { .. }), "{e}");
}

#[test]
fn a_malformed_fault_is_a_decode_error() {
    let xml = envelope(r#"<soapenv:Fault><faultcode>soapenv:Server<x/></faultcode></soapenv:Fault>"#);
    let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(e.kind, DecodeErrorKind::UnexpectedElement("x".into()));
    assert_eq!(path(&e), ["Body", "Fault", "faultcode"]);
}

// ---------------------------------------------------------------------------
// Hostile and malformed XML
// ---------------------------------------------------------------------------

const BILLION_LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><findUserResponse xmlns="urn:test:users"><users xmlns=""><item><userName>&lol9;</userName><nick/></item></users></findUserResponse></soapenv:Body></soapenv:Envelope>"#;

#[test]
fn billion_laughs_is_refused_without_expansion() {
    let start = Instant::now();
    let e = decode_error(decode::<FindUserResponse>(BILLION_LAUGHS, &FIND_USER));
    assert_eq!(e.kind, DecodeErrorKind::DocType);
    assert!(start.elapsed() < Duration::from_secs(1));
}

#[test]
fn a_doctype_anywhere_is_refused() {
    // An external entity (XXE) declaration.
    let xml = r#"<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body/></soapenv:Envelope>"#;
    assert_eq!(decode_error(decode::<()>(xml, &PING)).kind, DecodeErrorKind::DocType);
    // A DOCTYPE inside the document is not even well-formed; either way it fails.
    let xml = envelope(r#"<!DOCTYPE x><findUserResponse xmlns="urn:test:users"/>"#);
    assert!(decode::<FindUserResponse>(&xml, &FIND_USER).is_err());
}

#[test]
fn undefined_entities_are_refused() {
    let xml = find_user_response("<item><userName>a&foo;b</userName><nick/></item>");
    let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(e.kind, DecodeErrorKind::Entity("foo".into()));
    assert_eq!(path(&e), ["Body", "findUserResponse", "users", "item[0]", "userName"]);

    // A character reference beyond Unicode or not a number.
    for bad in ["&#x110000;", "&#xZZ;"] {
        let xml = find_user_response(&format!("<item><userName>{bad}</userName><nick/></item>"));
        let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
        assert_eq!(e.kind, DecodeErrorKind::Entity(bad.trim_matches(['&', ';']).into()), "{bad}: {e}");
    }
    // One to a character XML forbids, as that character written.
    let xml = find_user_response("<item><userName>&#0;</userName><nick/></item>");
    assert_eq!(
        decode_error(decode::<FindUserResponse>(&xml, &FIND_USER)).kind,
        DecodeErrorKind::InvalidChar(0)
    );
    // A bare ampersand.
    let xml = find_user_response("<item><userName>a & b</userName><nick/></item>");
    assert!(decode::<FindUserResponse>(&xml, &FIND_USER).is_err());
}

/// Runs `f` on a thread with a small stack, so that any recursion as deep
/// as the input nests would overflow it.
fn on_small_stack<F: FnOnce() + Send + 'static>(f: F) {
    std::thread::Builder::new().stack_size(1 << 20).spawn(f).unwrap().join().unwrap();
}

const DEEP: usize = 100_000;

#[test]
fn deep_nesting_of_a_recursive_type_is_too_deep_not_a_stack_overflow() {
    on_small_stack(|| {
        let mut xml = String::from(ENV_OPEN);
        xml.push_str(r#"<t:getTreeResponse xmlns:t="urn:test:users"><root>"#);
        for _ in 0..DEEP {
            xml.push_str("<child>");
        }
        for _ in 0..DEEP {
            xml.push_str("</child>");
        }
        xml.push_str("</root></t:getTreeResponse>");
        xml.push_str(ENV_CLOSE);
        let e = decode_error(decode::<GetTreeResponse>(&xml, &GET_TREE));
        assert_eq!(e.kind, DecodeErrorKind::TooDeep(64));
        assert_eq!(&path(&e)[..4], ["Body", "getTreeResponse", "root", "child"]);
    });
}

#[test]
fn deep_nesting_inside_a_known_list_is_too_deep_or_unknown() {
    on_small_stack(|| {
        let inner = format!("{}{}", "<item>".repeat(DEEP), "</item>".repeat(DEEP));
        let xml = find_user_response(&inner);
        // Either refusal is fine; what matters is that it returns.
        let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
        assert!(matches!(e.kind, DecodeErrorKind::UnknownElement(_) | DecodeErrorKind::TooDeep(_)), "{e}");
        let e = decode_error(decode_with::<FindUserResponse>(xml.as_bytes(), &FIND_USER, &skip_unknown()));
        assert!(matches!(e.kind, DecodeErrorKind::Missing("userName")), "{e}");
    });
}

#[test]
fn deep_nesting_inside_a_skipped_unknown_element_does_not_overflow() {
    on_small_stack(|| {
        let inner = format!(
            "<item><userName>a</userName><junk>{}{}</junk><nick>n</nick></item>",
            "<a><b/>".repeat(DEEP),
            "</a>".repeat(DEEP)
        );
        let xml = find_user_response(&inner);
        let resp: FindUserResponse = decode_with(xml.as_bytes(), &FIND_USER, &skip_unknown()).unwrap();
        assert_eq!(resp.users[0].nick.as_deref(), Some("n"));
    });
}

#[test]
fn deep_nesting_inside_a_string_field_is_an_error() {
    on_small_stack(|| {
        let inner =
            format!("<item><userName>{}{}</userName><nick/></item>", "<x>".repeat(DEEP), "</x>".repeat(DEEP));
        let xml = find_user_response(&inner);
        let e = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
        assert_eq!(e.kind, DecodeErrorKind::UnexpectedElement("x".into()));
    });
}

#[test]
fn deep_nesting_inside_a_fault_detail_does_not_overflow() {
    on_small_stack(|| {
        let xml = envelope(&format!(
            "<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>x</faultstring><detail>{}{}</detail><other>{}{}</other></soapenv:Fault>",
            "<d>".repeat(DEEP),
            "</d>".repeat(DEEP),
            "<o>".repeat(DEEP),
            "</o>".repeat(DEEP)
        ));
        let f = fault_of(decode::<FindUserResponse>(&xml, &FIND_USER));
        assert_eq!(f.detail.map(|d| d.len()), Some(DEEP * 7));
    });
}

#[test]
fn max_depth_counts_the_envelope_as_depth_one() {
    // Envelope 1, Body 2, getTreeResponse 3, root 4, child 5, child 6.
    let xml = envelope(
        r#"<t:getTreeResponse xmlns:t="urn:test:users"><root><child><child/></child></root></t:getTreeResponse>"#,
    );
    let expected =
        Node { name: None, child: Some(Box::new(Node { name: None, child: Some(Box::default()) })) };
    for max_depth in [6, 7] {
        let opts = DecodeOptions { max_depth, ..DecodeOptions::default() };
        let resp: GetTreeResponse = decode_with(xml.as_bytes(), &GET_TREE, &opts).unwrap();
        assert_eq!(resp.root, expected, "max_depth {max_depth}");
    }
    let opts = DecodeOptions { max_depth: 5, ..DecodeOptions::default() };
    let e = decode_error(decode_with::<GetTreeResponse>(xml.as_bytes(), &GET_TREE, &opts));
    assert_eq!(e.kind, DecodeErrorKind::TooDeep(5));
    // The same limit whether the deepest element is written `<x/>` or `<x></x>`.
    let xml = envelope(
        r#"<t:getTreeResponse xmlns:t="urn:test:users"><root><child><child></child></child></root></t:getTreeResponse>"#,
    );
    let opts = DecodeOptions { max_depth: 6, ..DecodeOptions::default() };
    assert_eq!(decode_with::<GetTreeResponse>(xml.as_bytes(), &GET_TREE, &opts).unwrap().root, expected);
    let opts = DecodeOptions { max_depth: 5, ..DecodeOptions::default() };
    assert_eq!(
        decode_error(decode_with::<GetTreeResponse>(xml.as_bytes(), &GET_TREE, &opts)).kind,
        DecodeErrorKind::TooDeep(5)
    );
}

#[test]
fn malformed_xml_is_an_error_never_a_panic() {
    let cases: Vec<(&str, String)> = vec![
        ("mismatched end tag", find_user_response("<item><userName>a</user></item>")),
        (
            "mismatched end tag of a skipped element",
            find_user_response("<item><userName>a</userName><x><y></x></y><nick/></item>"),
        ),
        ("truncated in a start tag", find_user_response("<item><userName>a</userName><ni")),
        ("attribute without quotes", find_user_response("<item><userName a=1>a</userName><nick/></item>")),
        (
            "attribute without quotes on a nil",
            find_user_response("<item><userName>a</userName><nick xsi:nil=true/></item>"),
        ),
        (
            "duplicate attribute",
            find_user_response(r#"<item><userName>a</userName><nick xsi:nil="true" xsi:nil="true"/></item>"#),
        ),
        ("unclosed comment", find_user_response("<item><!-- x <userName>a</userName><nick/></item>")),
        ("unclosed CDATA", find_user_response("<item><userName><![CDATA[a</userName><nick/></item>")),
        ("lone less-than", find_user_response("<item><userName>a < b</userName><nick/></item>")),
        ("empty document", String::new()),
        ("only whitespace", "  \n ".into()),
        ("only a declaration", r#"<?xml version="1.0"?>"#.into()),
        ("text at top level", "hello".into()),
        ("end tag at top level", "</soapenv:Envelope>".into()),
    ];
    for (what, xml) in &cases {
        let r = std::panic::catch_unwind(|| decode::<FindUserResponse>(xml, &FIND_USER));
        let r = r.unwrap_or_else(|_| panic!("{what}: panicked"));
        let e = decode_error(r);
        println!("{what}: {e}");
    }
}

#[test]
fn malformed_xml_inside_skipped_content_is_an_error() {
    // Skipping checks the structure (tags, comments, CDATA), not attribute
    // syntax or entity names: nothing in skipped content is ever expanded.
    for inner in ["<x><y></x></y>", "<x><!-- </x>", "<x><![CDATA[ </x>", "<x><y>"] {
        let xml = find_user_response(&format!("<item><userName>a</userName>{inner}<nick/></item>"));
        let e = decode_error(decode_with::<FindUserResponse>(xml.as_bytes(), &FIND_USER, &skip_unknown()));
        assert!(
            matches!(e.kind, DecodeErrorKind::Malformed(_) | DecodeErrorKind::UnexpectedEof),
            "{inner}: {e}"
        );
    }
}

#[test]
fn a_document_truncated_anywhere_is_an_error() {
    let full = find_user_response(
        r#"<item><userName>alice</userName><nick xsi:nil="true"/><permissions><item>r</item></permissions></item>"#,
    );
    let ok: FindUserResponse = decode(&full, &FIND_USER).unwrap();
    assert_eq!(ok.users.len(), 1);
    let end = full.trim_end().len();
    for cut in 0..end {
        let r = std::panic::catch_unwind(|| decode::<FindUserResponse>(&full[..cut], &FIND_USER))
            .unwrap_or_else(|_| panic!("panicked at cut {cut}"));
        assert!(r.is_err(), "accepted a document cut at byte {cut}: {:?}", &full[..cut]);
    }
}

#[test]
fn malformed_xml_in_an_unexpected_eof_is_reported() {
    let xml = find_user_response("<item><userName>a</userName>");
    let xml = xml.split_once("</users>").unwrap().0;
    let e = decode_error(decode::<FindUserResponse>(xml, &FIND_USER));
    assert!(matches!(e.kind, DecodeErrorKind::UnexpectedEof | DecodeErrorKind::Malformed(_)), "{e}");
}

#[test]
fn invalid_utf8_is_an_error() {
    let good = find_user_response("<item><userName>ab</userName><nick/></item>");
    for bad in [&[0xFFu8][..], &[0xC3], &[0xE2, 0x82], &[0xED, 0xA0, 0x80]] {
        let mut bytes = good.as_bytes().to_vec();
        let at = good.find("ab").unwrap() + 1;
        bytes.splice(at..at, bad.iter().copied());
        let e = decode_error(decode_with::<FindUserResponse>(&bytes, &FIND_USER, &DecodeOptions::default()));
        assert!(matches!(e.kind, DecodeErrorKind::Malformed(_)), "{bad:?}: {e}");
    }
    // Also inside skipped content and in a fault detail.
    let mut bytes = find_user_response("<item><userName>a</userName><x>Z</x><nick/></item>").into_bytes();
    let at = bytes.iter().position(|&b| b == b'Z').unwrap();
    bytes[at] = 0xFF;
    assert!(decode_with::<FindUserResponse>(&bytes, &FIND_USER, &skip_unknown()).is_err());
    let mut bytes =
        envelope("<soapenv:Fault><faultcode>c</faultcode><detail>Z</detail></soapenv:Fault>").into_bytes();
    let at = bytes.iter().position(|&b| b == b'Z').unwrap();
    bytes[at] = 0xFF;
    let e = decode_error(decode_with::<FindUserResponse>(&bytes, &FIND_USER, &DecodeOptions::default()));
    assert!(matches!(e.kind, DecodeErrorKind::Malformed(_)), "{e}");
}

// ---------------------------------------------------------------------------
// Property-like: strings survive encode then decode
// ---------------------------------------------------------------------------

/// xorshift64*: deterministic, no dependencies.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "&",
    "<",
    ">",
    "\"",
    "'",
    " ",
    "  ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\n\r",
    "a",
    "Z",
    "0",
    ";",
    "&amp;",
    "&#13;",
    "]]>",
    "<![CDATA[",
    "<!--",
    "-->",
    "<?",
    "?>",
    "\u{e9}",
    "\u{fc}",
    "\u{20ac}",
    "\u{263a}",
    "\u{1F600}",
    "\u{10FFFF}",
    "\u{FFFD}",
    "\u{85}",
    "\u{2028}",
    "\u{a0}",
    "xmlns",
    "=",
    ":",
    "%",
    "#",
];

fn random_string(rng: &mut Rng) -> String {
    let len = rng.below(12);
    (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect()
}

#[test]
fn random_strings_survive_a_round_trip() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..200 {
        let user = User {
            user_name: random_string(&mut rng),
            first_name: Some(random_string(&mut rng)),
            groups: (0..rng.below(3)).map(|_| random_string(&mut rng)).collect(),
            aliases: Vec::new(),
            permissions: (0..rng.below(3)).map(|_| random_string(&mut rng)).collect(),
            enabled: None,
            nick: Some(random_string(&mut rng)),
            status: Some(Status::from(random_string(&mut rng).as_str())),
            age: None,
        };
        let req = AddUser { user, notify: i % 2 == 0 };
        for op in [ADD_USER, ADD_USER_ENCODED] {
            let bytes = write_request(&op, &req).unwrap();
            let back: AddUser = read_response(&bytes, &op, &DecodeOptions::default())
                .unwrap_or_else(|e| panic!("case {i}: {e}\n{}", String::from_utf8_lossy(&bytes)));
            assert_eq!(back, req, "case {i}\n{}", String::from_utf8_lossy(&bytes));
        }
    }
}

#[test]
fn carriage_returns_survive_a_round_trip() {
    for s in ["\r", "\r\n", "a\rb", "\n\r\n\r", " \r "] {
        let req = AddUser {
            user: User { user_name: s.into(), nick: Some(s.into()), ..User::default() },
            notify: true,
        };
        let bytes = write_request(&ADD_USER, &req).unwrap();
        assert!(!bytes.contains(&b'\r'), "a literal CR would be normalized away");
        let back: AddUser = read_response(&bytes, &ADD_USER, &DecodeOptions::default()).unwrap();
        assert_eq!(back.user.user_name, s);
    }
}

// ---------------------------------------------------------------------------
// The writer on its own
// ---------------------------------------------------------------------------

#[test]
fn the_writer_reuses_prefixes_in_scope_and_drops_them_after() {
    let mut w = XmlWriter::new(false);
    w.start(Name::qualified(TNS, "a"));
    w.simple(Name::qualified(TNS, "b"), "string", "1");
    w.start(Name::qualified("urn:other", "c"));
    w.simple(Name::qualified("urn:other", "d"), "string", "2");
    w.end();
    w.simple(Name::qualified("urn:other", "e"), "string", "3");
    w.end();
    assert_eq!(
        w.finish().unwrap(),
        r#"<ns1:a xmlns:ns1="urn:test:users"><ns1:b>1</ns1:b><ns2:c xmlns:ns2="urn:other"><ns2:d>2</ns2:d></ns2:c><ns2:e xmlns:ns2="urn:other">3</ns2:e></ns1:a>"#
    );
}

#[test]
fn the_writer_declares_a_type_namespace_other_than_the_element_namespace() {
    let mut w = XmlWriter::new(true);
    w.start(Name::local("r"));
    w.start_typed(Name::qualified("urn:elements", "x"), Some(Name::qualified("urn:types", "T")));
    w.end();
    w.start_typed(Name::qualified("urn:elements", "y"), Some(Name::qualified("urn:elements", "T")));
    w.end();
    w.end();
    assert_eq!(
        w.finish().unwrap(),
        concat!(
            r#"<r><ns2:x xmlns:ns1="urn:types" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns2="urn:elements" xsi:type="ns1:T"/>"#,
            r#"<ns1:y xmlns:ns1="urn:elements" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="ns1:T"/></r>"#,
        )
    );
}

#[test]
fn the_writer_escapes_attribute_values() {
    let mut w = XmlWriter::new(false);
    w.start(Name::local("r"));
    w.attr(Some("urn:a"), "v", "<&>\"'\r\n\t");
    w.text("x");
    w.end();
    let out = w.finish().unwrap();
    assert_eq!(out, r#"<r xmlns:ns1="urn:a" ns1:v="&lt;&amp;&gt;&quot;&apos;&#13;&#10;&#9;">x</r>"#);
}

#[test]
fn the_reader_exposes_tags_as_generated_code_needs_them() {
    let xml = br#"<a:root xmlns:a="urn:a" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><a:x xsi:nil="true"/><y>t</y></a:root>"#;
    let mut r = XmlReader::new(xml, DecodeOptions::default());
    let root = r.root().unwrap();
    assert_eq!(
        (root.local_name(), root.qualified_name(), root.is_empty(), root.is_nil()),
        ("root", "a:root", false, false)
    );
    assert_eq!(r.namespace_of(&root).as_deref(), Some("urn:a"));
    let x = r.next_child(&root).unwrap().unwrap();
    assert_eq!((x.local_name(), x.is_empty(), x.is_nil()), ("x", true, true));
    assert_eq!(r.namespace_of(&x).as_deref(), Some("urn:a"));
    let y = r.next_child(&root).unwrap().unwrap();
    assert_eq!(r.namespace_of(&y), None);
    assert_eq!(r.read_text(&y).unwrap(), "t");
    assert!(r.next_child(&root).unwrap().is_none());
}
