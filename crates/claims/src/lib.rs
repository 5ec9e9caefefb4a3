pub mod dates;
mod error;
pub mod gazetteer;
pub mod testkit;
mod words;
pub use error::{Error, ErrorKind};
