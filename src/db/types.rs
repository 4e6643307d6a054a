//! Column types shared by the models.

use diesel::backend::Backend;
use diesel::deserialize::{FromSql, FromSqlRow};
use diesel::sql_types::Text;
use std::ops::Deref;
use url::Url;

/// A URL read from a `Text` column, parsed once when the row is loaded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, FromSqlRow)]
pub struct DbUrl(pub Url);

impl<DB: Backend> FromSql<Text, DB> for DbUrl
where
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
        let text = String::from_sql(bytes)?;
        Ok(DbUrl(Url::parse(&text)?))
    }
}

impl Deref for DbUrl {
    type Target = Url;
    fn deref(&self) -> &Url {
        &self.0
    }
}

impl std::fmt::Display for DbUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.as_str())
    }
}
