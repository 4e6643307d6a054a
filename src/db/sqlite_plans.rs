//! Keeps SQLite from compiling a statement again each time it runs.
//!
//! Since 3.49 SQLite reads the value bound to `LIMIT ?` and `OFFSET ?` while planning, and
//! marks the statement to be re-planned whenever that parameter is bound again. Diesel binds
//! every parameter on every run of a cached statement, and writes every limit (`.first()`
//! included) as a parameter, so each such query was parsed and planned anew on every call:
//! a third of the CPU time of the ecosystem benchmark on SQLite went to `sqlite3Reprepare`.
//! The query planner stability guarantee (QPSG) turns that reading of bound values off; the
//! plans it gives up depend on `ANALYZE` statistics, which Tessera does not gather on SQLite.
//!
//! Diesel does not expose the connection handle, so the setting is made by an SQLite
//! auto-extension: a hook SQLite itself calls on every connection the process opens.

use libsqlite3_sys as ffi;
use std::ffi::{c_char, c_int};
use std::sync::Once;

/// Called by SQLite for each new connection.
unsafe extern "C" fn enable_qpsg(
    db: *mut ffi::sqlite3,
    _error: *mut *mut c_char,
    _api: *const ffi::sqlite3_api_routines,
) -> c_int {
    // SAFETY: `db` is the live connection SQLite is opening; the option takes an int to
    // set (1) and an optional pointer for the result (null: not wanted).
    unsafe {
        ffi::sqlite3_db_config(
            db,
            ffi::SQLITE_DBCONFIG_ENABLE_QPSG,
            1 as c_int,
            std::ptr::null_mut::<c_int>(),
        );
    }
    ffi::SQLITE_OK
}

/// Registers the hook once per process, before any connection is opened.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: `enable_qpsg` has the signature SQLite calls auto-extensions with and
        // lives as long as the process.
        let rc = unsafe { ffi::sqlite3_auto_extension(Some(enable_qpsg)) };
        if rc != ffi::SQLITE_OK {
            tracing::warn!(code = rc, "could not register the SQLite plan setting");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A connection opened after `install` has the guarantee on (SQLite reports it back).
    #[test]
    fn new_connections_get_the_setting() {
        install();
        let mut db: *mut ffi::sqlite3 = std::ptr::null_mut();
        let name = c":memory:";
        // SAFETY: a fresh in-memory database, closed below; `on` outlives the call.
        unsafe {
            assert_eq!(ffi::sqlite3_open(name.as_ptr(), &mut db), ffi::SQLITE_OK);
            let mut on: c_int = -1;
            let rc = ffi::sqlite3_db_config(
                db,
                ffi::SQLITE_DBCONFIG_ENABLE_QPSG,
                -1 as c_int,
                &mut on as *mut c_int,
            );
            ffi::sqlite3_close(db);
            assert_eq!((rc, on), (ffi::SQLITE_OK, 1));
        }
    }
}
