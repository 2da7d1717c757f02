// Package validation checks certificates.k8s.io/v1 objects with kube-apiserver's rules, messages and
// field paths.
package validation
