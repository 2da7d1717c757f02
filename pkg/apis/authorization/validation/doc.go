// Package validation checks the authorization.k8s.io review objects a client sends, with
// kube-apiserver's field paths and messages.
package validation
