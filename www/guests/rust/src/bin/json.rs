//! json: parses /data/doc.json (argv[1] times, default 1) into a serde_json::Value, then prints
//! `json objects <n> arrays <n> strings <n> numbers <n> keys <n>` for the document (keys are not
//! counted as strings).

use serde_json::Value;

#[derive(Default)]
struct Counts {
    objects: u64,
    arrays: u64,
    strings: u64,
    numbers: u64,
    keys: u64,
}

impl Counts {
    fn walk(&mut self, v: &Value) {
        match v {
            Value::Object(map) => {
                self.objects += 1;
                self.keys += map.len() as u64;
                map.values().for_each(|v| self.walk(v));
            }
            Value::Array(items) => {
                self.arrays += 1;
                items.iter().for_each(|v| self.walk(v));
            }
            Value::String(_) => self.strings += 1,
            Value::Number(_) => self.numbers += 1,
            Value::Bool(_) | Value::Null => {}
        }
    }
}

fn main() {
    let rounds: u32 = std::env::args().nth(1).map_or(1, |a| a.parse().expect("json: argv[1] is a count"));
    let doc = std::fs::read("/data/doc.json").unwrap_or_else(|e| {
        eprintln!("json: /data/doc.json: {e}");
        std::process::exit(1)
    });
    let mut counts = Counts::default();
    for _ in 0..rounds {
        let value: Value = serde_json::from_slice(&doc).unwrap_or_else(|e| {
            eprintln!("json: {e}");
            std::process::exit(1)
        });
        counts = Counts::default();
        counts.walk(&value);
    }
    let Counts { objects, arrays, strings, numbers, keys } = counts;
    println!("json objects {objects} arrays {arrays} strings {strings} numbers {numbers} keys {keys}");
}
