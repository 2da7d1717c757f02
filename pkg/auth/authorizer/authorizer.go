// Package authorizer assembles kapi's authorizer from the --authorization-mode list.
package authorizer

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/authorization/authorizerfactory"
	"k8s.io/apiserver/pkg/authorization/path"
	"k8s.io/apiserver/pkg/authorization/union"
	"k8s.io/client-go/informers"

	"github.com/kapi-dev/kapi/pkg/auth/authorizer/abac"
	"github.com/kapi-dev/kapi/pkg/auth/authorizer/node"
	"github.com/kapi-dev/kapi/pkg/auth/authorizer/rbac"
	"github.com/kapi-dev/kapi/pkg/auth/bootstrappolicy"
)

// Authorization modes, spelt as kube-apiserver's --authorization-mode spells them.
const (
	ModeAlwaysAllow = "AlwaysAllow"
	ModeAlwaysDeny  = "AlwaysDeny"
	ModeRBAC        = "RBAC"
	ModeABAC        = "ABAC"
	ModeNode        = "Node"
)

// Modes are the authorization modes kapi implements.
var Modes = sets.New(ModeAlwaysAllow, ModeAlwaysDeny, ModeABAC, ModeRBAC, ModeNode)

// PublicPaths are the endpoints anyone may read without credentials, as kube-apiserver's
// system:public-info-viewer role allows.
var PublicPaths = []string{"/healthz", "/livez", "/readyz", "/version"}

// Config says which authorizers to build.
type Config struct {
	// Modes is the ordered --authorization-mode list.
	Modes []string
	// PublicPaths are non-resource paths every user, anonymous included, may read.
	PublicPaths []string
	// InformerFactory feeds the RBAC authorizer's role and binding caches and the Node authorizer's
	// graph; RBAC and Node need it.
	InformerFactory informers.SharedInformerFactory
	// PolicyFile is the ABAC policy file, required by and only allowed with ModeABAC.
	PolicyFile string
}

// Validate reports unknown or repeated modes.
func (c Config) Validate() []error {
	var errs []error
	if len(c.Modes) == 0 {
		errs = append(errs, fmt.Errorf("at least one authorization-mode must be passed"))
	}
	seen := sets.New[string]()
	for _, m := range c.Modes {
		if !Modes.Has(m) {
			errs = append(errs, fmt.Errorf("authorization-mode %q is not a valid mode, valid modes are %s", m, strings.Join(sets.List(Modes), ",")))
		}
		if seen.Has(m) {
			errs = append(errs, fmt.Errorf("authorization-mode %q has mode specified more than once", m))
		}
		if m == ModeABAC && c.PolicyFile == "" {
			errs = append(errs, fmt.Errorf("authorization-mode ABAC's authorization policy file not passed"))
		}
		seen.Insert(m)
	}
	if c.PolicyFile != "" && !seen.Has(ModeABAC) {
		errs = append(errs, fmt.Errorf("cannot specify --authorization-policy-file without mode ABAC"))
	}
	return errs
}

// New returns the union authorizer: the public paths and the system:masters group first, then the
// configured modes in order. It also returns the rule resolver of the same chain.
func (c Config) New() (authorizer.Authorizer, authorizer.RuleResolver, error) {
	public, err := path.NewAuthorizer(c.PublicPaths)
	if err != nil {
		return nil, nil, err
	}
	chain := []union.NamedAuthorizer{
		{AuthorizerName: "public-paths", Authorizer: public},
		{AuthorizerName: "system-masters", Authorizer: authorizerfactory.NewPrivilegedGroups(user.SystemPrivilegedGroup)},
	}
	resolvers := []authorizer.RuleResolver{}
	for _, m := range c.Modes {
		switch m {
		case ModeAlwaysAllow:
			chain, resolvers = appendMode(chain, resolvers, m, authorizerfactory.NewAlwaysAllowAuthorizer())
		case ModeAlwaysDeny:
			chain, resolvers = appendMode(chain, resolvers, m, authorizerfactory.NewAlwaysDenyAuthorizer())
		case ModeRBAC:
			if c.InformerFactory == nil {
				return nil, nil, fmt.Errorf("authorization mode %s needs an informer factory", m)
			}
			chain, resolvers = appendMode(chain, resolvers, m, rbac.NewFromInformers(c.InformerFactory.Rbac().V1()))
		case ModeABAC:
			policies, err := abac.NewFromFile(c.PolicyFile)
			if err != nil {
				return nil, nil, err
			}
			chain, resolvers = appendMode(chain, resolvers, m, policies)
		case ModeNode:
			if c.InformerFactory == nil {
				return nil, nil, fmt.Errorf("authorization mode %s needs an informer factory", m)
			}
			graph := node.NewGraph()
			if err := node.Feed(graph, c.InformerFactory); err != nil {
				return nil, nil, err
			}
			chain, resolvers = appendMode(chain, resolvers, m, node.New(graph, bootstrappolicy.NodeRules()))
		default:
			return nil, nil, fmt.Errorf("unknown authorization mode %q", m)
		}
	}
	authz, err := union.New(chain...)
	if err != nil {
		return nil, nil, err
	}
	return authz, union.NewRuleResolvers(resolvers...), nil
}

// modeAuthorizer is an authorizer that can also list the rules it grants.
type modeAuthorizer interface {
	authorizer.Authorizer
	authorizer.RuleResolver
}

// appendMode names a mode's authorizer as kube-apiserver does, by the lower-cased mode, which prefixes
// its reasons in 403 messages ("abac: No policy matched.").
func appendMode(chain []union.NamedAuthorizer, resolvers []authorizer.RuleResolver, mode string, a modeAuthorizer) ([]union.NamedAuthorizer, []authorizer.RuleResolver) {
	return append(chain, union.NamedAuthorizer{AuthorizerName: strings.ToLower(mode), Authorizer: a}), append(resolvers, a)
}
