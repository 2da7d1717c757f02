package certificates

import (
	"context"
	"fmt"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/apiserver/pkg/authorization/authorizer"
)

// Check is what a signer plugin refuses, given a request's attributes and the server's authorizer.
type Check func(ctx context.Context, a admission.Attributes, authz authorizer.Authorizer) error

// SignerPlugin is a validating admission plugin that checks requests against the server's
// authorizer, which the generic admission initializer hands it.
type SignerPlugin struct {
	*admission.Handler
	name       string
	check      Check
	authorizer authorizer.Authorizer
}

var (
	_ admission.ValidationInterface = &SignerPlugin{}
	_ initializer.WantsAuthorizer   = &SignerPlugin{}
)

// NewSignerPlugin returns plugin name, which runs check on the operations ops.
func NewSignerPlugin(name string, check Check, ops ...admission.Operation) *SignerPlugin {
	return &SignerPlugin{Handler: admission.NewHandler(ops...), name: name, check: check}
}

// SetAuthorizer receives the authorizer that decides who may act for a signer.
func (p *SignerPlugin) SetAuthorizer(authz authorizer.Authorizer) { p.authorizer = authz }

// ValidateInitialization refuses to run without an authorizer: the plugin would admit everything.
func (p *SignerPlugin) ValidateInitialization() error {
	if p.authorizer == nil {
		return fmt.Errorf("%s requires an authorizer", p.name)
	}
	return nil
}

// Validate runs the plugin's check.
func (p *SignerPlugin) Validate(ctx context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	return p.check(ctx, a, p.authorizer)
}

// As returns obj, the object or old object of a, as a T, or the Forbidden error of an object of
// another type.
func As[T runtime.Object](a admission.Attributes, obj runtime.Object, kind string) (T, error) {
	t, ok := obj.(T)
	if !ok {
		return t, admission.NewForbidden(a, fmt.Errorf("expected type %s, got: %T", kind, obj))
	}
	return t, nil
}
