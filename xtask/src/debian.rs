//! Tools the xtask commands run that Debian packages: found, or installed
//! with apt-get when running as root, or a clear error naming the packages.

use std::process::Command;

/// A tool a command needs: what it is, its Debian packages, whether it is
/// usable.
pub struct Tool {
    pub what: &'static str,
    pub packages: &'static [&'static str],
    pub present: fn() -> bool,
}

/// Whether `php -m` lists the soap extension.
pub fn php_has_soap() -> bool {
    Command::new("php").arg("-m").output().is_ok_and(|o| {
        o.status.success() && String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "soap")
    })
}

/// Installs the packages of every `wanted` tool that is not usable (as
/// root), or fails saying what to install.
pub fn ensure(wanted: &[Tool]) -> Result<(), String> {
    let missing: Vec<&Tool> = wanted.iter().filter(|p| !(p.present)()).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let what: Vec<&str> = missing.iter().map(|p| p.what).collect();
    let packages: Vec<&str> = missing.iter().flat_map(|p| p.packages.iter().copied()).collect();
    let root_user =
        Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !root_user {
        return Err(format!(
            "{} missing and this is not root: run `apt-get install {}` as root (Debian), then again",
            what.join(" and "),
            packages.join(" ")
        ));
    }
    eprintln!("{} missing; installing {} with apt-get", what.join(" and "), packages.join(" "));
    let install = [&["install", "-y", "-qq", "--no-install-recommends"][..], &packages].concat();
    for args in [&["update", "-qq"][..], &install[..]] {
        let status = Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("cannot run apt-get: {e}"))?;
        if !status.success() {
            return Err(format!("`apt-get {}` exited with {status}", args.join(" ")));
        }
    }
    match wanted.iter().find(|p| !(p.present)()) {
        Some(p) => Err(format!("{} were installed, yet {} is not usable", p.packages.join(" and "), p.what)),
        None => Ok(()),
    }
}
