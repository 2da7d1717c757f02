// Package validation checks apps/v1 objects with kube-apiserver's rules, messages and field paths.
// Bad values that upstream reports as its internal structs are wrapped so that they print the same.
package validation
