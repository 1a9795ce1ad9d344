//! The node binding of mpaas-push: conversion and error mapping only; every
//! rule lives in the core crate. (Built out by its own issue.)

pub use mpaas_push::VERSION;
