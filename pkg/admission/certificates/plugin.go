package certificates

import (
	"fmt"

	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authorization/authorizer"
)

// AuthorizingPlugin is the part of a signer-checking admission plugin that receives the server's
// authorizer through the generic admission initializer.
type AuthorizingPlugin struct {
	*admission.Handler
	name       string
	Authorizer authorizer.Authorizer
}

// NewAuthorizingPlugin returns the base of plugin name, handling ops.
func NewAuthorizingPlugin(name string, ops ...admission.Operation) AuthorizingPlugin {
	return AuthorizingPlugin{Handler: admission.NewHandler(ops...), name: name}
}

// SetAuthorizer receives the authorizer that decides who may act for a signer.
func (p *AuthorizingPlugin) SetAuthorizer(authz authorizer.Authorizer) { p.Authorizer = authz }

// ValidateInitialization refuses to run without an authorizer: the plugin would admit everything.
func (p *AuthorizingPlugin) ValidateInitialization() error {
	if p.Authorizer == nil {
		return fmt.Errorf("%s requires an authorizer", p.name)
	}
	return nil
}
