//! Reads the body of one `crate::schemars::json_schema!({ … })` call as k8s-openapi writes it: JSON
//! with trailing commas, where a value may also be `(__gen.subschema_for::<PATH>())` or a block that
//! takes that subschema and inserts string keys into it (`"description"` mostly). Subschemas become
//! `{"$ref": "rust:PATH", …}`; the caller turns the Rust path into a definition name.

use serde_json::{Map, Value};

pub struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
}

pub type Result<T> = std::result::Result<T, String>;

impl<'a> Parser<'a> {
    pub fn new(src: &'a str) -> Self {
        Parser {
            src: src.as_bytes(),
            pos: 0,
        }
    }

    fn skip_ws(&mut self) {
        while self.pos < self.src.len() && self.src[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.src.get(self.pos).copied()
    }

    fn rest(&self) -> String {
        let end = (self.pos + 80).min(self.src.len());
        String::from_utf8_lossy(&self.src[self.pos..end]).into_owned()
    }

    fn eat(&mut self, s: &str) -> Result<()> {
        self.skip_ws();
        if self.src[self.pos..].starts_with(s.as_bytes()) {
            self.pos += s.len();
            Ok(())
        } else {
            Err(format!("expected {s:?} at {:?}", self.rest()))
        }
    }

    fn try_eat(&mut self, s: &str) -> bool {
        self.skip_ws();
        if self.src[self.pos..].starts_with(s.as_bytes()) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    pub fn value(&mut self) -> Result<Value> {
        match self.peek() {
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'(') => {
                self.pos += 1;
                let v = if self.peek() == Some(b'{') {
                    self.block()?
                } else {
                    self.subschema()?
                };
                self.eat(")")?;
                Ok(v)
            }
            Some(b'_') => self.subschema(),
            Some(b't') if self.try_eat("true") => Ok(Value::Bool(true)),
            Some(b'f') if self.try_eat("false") => Ok(Value::Bool(false)),
            Some(b'n') if self.try_eat("null") => Ok(Value::Null),
            Some(c) if c == b'-' || c.is_ascii_digit() => self.number(),
            _ => Err(format!("unexpected input at {:?}", self.rest())),
        }
    }

    fn number(&mut self) -> Result<Value> {
        let start = self.pos;
        while self.pos < self.src.len()
            && (self.src[self.pos].is_ascii_digit() || b"-+.eE".contains(&self.src[self.pos]))
        {
            self.pos += 1;
        }
        let text = std::str::from_utf8(&self.src[start..self.pos]).map_err(|e| e.to_string())?;
        serde_json::from_str(text).map_err(|e| format!("number {text:?}: {e}"))
    }

    fn object(&mut self) -> Result<Value> {
        self.eat("{")?;
        let mut map = Map::new();
        loop {
            if self.try_eat("}") {
                return Ok(Value::Object(map));
            }
            let key = self.string()?;
            self.eat(":")?;
            let value = self.value()?;
            map.insert(key, value);
            if !self.try_eat(",") {
                self.eat("}")?;
                return Ok(Value::Object(map));
            }
        }
    }

    fn array(&mut self) -> Result<Value> {
        self.eat("[")?;
        let mut items = Vec::new();
        loop {
            if self.try_eat("]") {
                return Ok(Value::Array(items));
            }
            items.push(self.value()?);
            if !self.try_eat(",") {
                self.eat("]")?;
                return Ok(Value::Array(items));
            }
        }
    }

    /// `__gen.subschema_for::<PATH>()`
    fn subschema(&mut self) -> Result<Value> {
        self.eat("__gen.subschema_for::<")?;
        let start = self.pos;
        let mut depth = 1;
        while self.pos < self.src.len() {
            match self.src[self.pos] {
                b'<' => depth += 1,
                b'>' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        let path = String::from_utf8_lossy(&self.src[start..self.pos])
            .trim()
            .to_string();
        self.eat(">()")?;
        let mut map = Map::new();
        map.insert("$ref".into(), Value::String(format!("rust:{path}")));
        Ok(Value::Object(map))
    }

    /// `{ let mut schema_obj = SUBSCHEMA; schema_obj.ensure_object().insert("k".into(), "v".into()); … schema_obj }`
    fn block(&mut self) -> Result<Value> {
        self.eat("{")?;
        self.eat("let mut schema_obj =")?;
        let mut v = self.subschema()?;
        self.eat(";")?;
        while self.try_eat("schema_obj.ensure_object().insert(") {
            let key = self.string()?;
            self.eat(".into(),")?;
            let value = self.value()?;
            self.eat(".into());")?;
            if let Value::Object(m) = &mut v {
                m.insert(key, value);
            }
        }
        self.eat("schema_obj")?;
        self.eat("}")?;
        Ok(v)
    }

    fn string(&mut self) -> Result<String> {
        self.eat("\"")?;
        let mut out = String::new();
        loop {
            let rest = std::str::from_utf8(&self.src[self.pos..]).map_err(|e| e.to_string())?;
            let mut chars = rest.chars();
            let c = chars.next().ok_or("unterminated string")?;
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let e = self.src.get(self.pos).copied().ok_or("bad escape")?;
                    self.pos += 1;
                    match e {
                        b'n' => out.push('\n'),
                        b't' => out.push('\t'),
                        b'r' => out.push('\r'),
                        b'0' => out.push('\0'),
                        b'\\' => out.push('\\'),
                        b'"' => out.push('"'),
                        b'\'' => out.push('\''),
                        b'u' => {
                            self.eat("{")?;
                            let start = self.pos;
                            while self.src.get(self.pos) != Some(&b'}') {
                                self.pos += 1;
                            }
                            let hex = std::str::from_utf8(&self.src[start..self.pos])
                                .map_err(|e| e.to_string())?;
                            self.pos += 1;
                            let code = u32::from_str_radix(hex, 16).map_err(|e| e.to_string())?;
                            out.push(char::from_u32(code).ok_or("bad \\u escape")?);
                        }
                        other => return Err(format!("unknown escape \\{}", other as char)),
                    }
                }
                c => out.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schema_with_trailing_commas_and_subschemas_becomes_json() {
        let src = r#"{
            "description": "a \"b\"\n",
            "type": "object",
            "properties": {
                "x": ({
                    let mut schema_obj = __gen.subschema_for::<crate::api::core::v1::Pod>();
                    schema_obj.ensure_object().insert("description".into(), "the pod".into());
                    schema_obj
                }),
                "y": { "type": "array", "items": (__gen.subschema_for::<crate::api::core::v1::Container>()), },
            },
            "required": ["x",],
        }"#;
        let v = Parser::new(src).value().unwrap();
        assert_eq!(v["description"], "a \"b\"\n");
        assert_eq!(
            v["properties"]["x"]["$ref"],
            "rust:crate::api::core::v1::Pod"
        );
        assert_eq!(v["properties"]["x"]["description"], "the pod");
        assert_eq!(
            v["properties"]["y"]["items"]["$ref"],
            "rust:crate::api::core::v1::Container"
        );
        assert_eq!(v["required"][0], "x");
    }
}
