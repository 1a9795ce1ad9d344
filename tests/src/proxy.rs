//! A real HTTP proxy for the transport tests: Debian's `tinyproxy`, started
//! on a free loopback port with its own configuration and log, stopped on
//! drop. `scripts/install-test-deps.sh` installs it; without it the tests
//! that need it fail and say so (they never pass by skipping).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running tinyproxy.
#[derive(Debug)]
pub struct Tinyproxy {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl Tinyproxy {
    /// Starts tinyproxy on 127.0.0.1, with basic auth when `auth` is given.
    ///
    /// # Panics
    /// If tinyproxy is not installed or does not start listening within
    /// 10 s.
    #[allow(clippy::expect_used, clippy::unwrap_used)]
    pub fn start(auth: Option<(&str, &str)>) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "mpaas-push-tinyproxy-{}-{}",
            std::process::id(),
            uuid_like()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        // tinyproxy drops to `nobody` when started as root; its log must be
        // writable then.
        set_world_writable(&dir);
        let port = free_port();
        let mut conf = format!(
            "Port {port}\nListen 127.0.0.1\nTimeout 30\nLogFile \"{}\"\nLogLevel Connect\nMaxClients 200\n",
            dir.join("log").display()
        );
        if is_root() {
            conf += "User nobody\nGroup nogroup\n";
        }
        if let Some((user, password)) = auth {
            conf += &format!("BasicAuth {user} {password}\n");
        }
        std::fs::write(dir.join("conf"), conf).unwrap();
        let child = Command::new("tinyproxy")
            .arg("-d")
            .arg("-c")
            .arg(dir.join("conf"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect(
                "tinyproxy is needed by the proxy tests: run scripts/install-test-deps.sh \
                 (apt-get install tinyproxy)",
            );
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tinyproxy did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Self { child, dir, port }
    }

    /// `http://127.0.0.1:PORT`, with `user:password@` when given.
    pub fn url(&self, auth: Option<(&str, &str)>) -> String {
        match auth {
            Some((u, p)) => format!("http://{u}:{p}@127.0.0.1:{}", self.port),
            None => format!("http://127.0.0.1:{}", self.port),
        }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Requests the proxy logged so far (`CONNECT host:port` for tunnels,
    /// `POST http://…` for forwarded plain HTTP).
    pub fn requests(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.join("log"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split_once("): ").map(|(_, r)| r.to_owned()))
            .filter(|r| r.starts_with("CONNECT ") || r.starts_with("POST "))
            .collect()
    }
}

impl Drop for Tinyproxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
}

fn uuid_like() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

fn set_world_writable(dir: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777));
}
