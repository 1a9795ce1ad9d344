//! A scripted HTTP/1.1 server on 127.0.0.1 for the transport tests: it
//! records every request and answers from a queue of actions (responses,
//! delays, dropped connections, oversized bodies).
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs
)]

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mpaas_push::encode::parse_form;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with the next request.
#[derive(Debug, Clone)]
pub enum Action {
    /// Answer with status, extra headers and body.
    Respond(u16, Vec<(String, String)>, String),
    /// Wait, then answer.
    Delay(Duration, Box<Action>),
    /// Close the connection before reading anything.
    DropBeforeRead,
    /// Read the request, then close without answering.
    DropAfterRead,
    /// Answer 200 with a body of this many bytes.
    Huge(usize),
}

pub fn ok(task_id: &str) -> Action {
    Action::Respond(
        200,
        vec![],
        format!(
            r#"{{"RequestId":"req-ok","ResultCode":"OK","ResultMessage":"success","PushResult":{{"Success":true,"ResultMsg":"ok","Data":"{task_id}"}}}}"#
        ),
    )
}

pub fn gateway(status: u16, code: &str, headers: &[(&str, &str)]) -> Action {
    Action::Respond(
        status,
        headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        format!(
            r#"{{"RequestId":"req-{code}","HostId":"127.0.0.1","Code":"{code}","Message":"scripted {code}","Recommend":"https://example.invalid/{code}"}}"#
        ),
    )
}

/// A request as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Query and body parameters merged (V1 signed set + `Signature`).
    pub fn params(&self) -> BTreeMap<String, String> {
        let mut p: BTreeMap<String, String> = BTreeMap::new();
        if let Some((_, q)) = self.target.split_once('?') {
            p.extend(parse_form(q).unwrap());
        }
        p.extend(parse_form(&self.body).unwrap());
        p
    }
}

#[derive(Default)]
struct State {
    script: VecDeque<Action>,
    received: Vec<Received>,
    connections: usize,
}

pub struct Server {
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl Server {
    pub async fn start(script: Vec<Action>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State {
            script: script.into(),
            ..Default::default()
        }));
        let st = Arc::clone(&state);
        tokio::spawn(async move {
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    return;
                };
                let st = Arc::clone(&st);
                tokio::spawn(async move { serve(sock, st).await });
            }
        });
        Self { url, state }
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    pub fn connections(&self) -> usize {
        self.state.lock().unwrap().connections
    }
}

async fn read_request(sock: &mut TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut tmp = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = sock.read(&mut tmp).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&tmp[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let target = first.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let n = sock.read(&mut tmp).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&tmp[..n]);
    }
    Some(Received {
        method,
        target,
        headers,
        body: String::from_utf8(body).ok()?,
    })
}

async fn serve(mut sock: TcpStream, state: Arc<Mutex<State>>) {
    state.lock().unwrap().connections += 1;
    let peek = state.lock().unwrap().script.front().cloned();
    if matches!(peek, Some(Action::DropBeforeRead)) {
        state.lock().unwrap().script.pop_front();
        return;
    }
    let Some(req) = read_request(&mut sock).await else {
        return;
    };
    let action = {
        let mut s = state.lock().unwrap();
        s.received.push(req);
        s.script.pop_front().unwrap_or_else(|| ok("default-task"))
    };
    answer(&mut sock, action).await;
}

async fn answer(sock: &mut TcpStream, mut action: Action) {
    loop {
        match action {
            Action::Delay(d, next) => {
                tokio::time::sleep(d).await;
                action = *next;
            }
            Action::DropBeforeRead | Action::DropAfterRead => return,
            Action::Huge(n) => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {n}\r\nconnection: close\r\n\r\n"
                );
                let _ = sock.write_all(head.as_bytes()).await;
                let chunk = vec![b'x'; 64 * 1024];
                let mut left = n;
                while left > 0 {
                    let k = left.min(chunk.len());
                    if sock.write_all(&chunk[..k]).await.is_err() {
                        return;
                    }
                    left -= k;
                }
                return;
            }
            Action::Respond(status, headers, body) => {
                let mut head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                    body.len()
                );
                for (k, v) in headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str("\r\n");
                let _ = sock.write_all(head.as_bytes()).await;
                let _ = sock.write_all(body.as_bytes()).await;
                let _ = sock.shutdown().await;
                return;
            }
        }
    }
}
