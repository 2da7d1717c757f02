package authorizer

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/apis/apiserver"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/authorization/authorizerfactory"
	authorizationcel "k8s.io/apiserver/pkg/authorization/cel"
	authorizationmetrics "k8s.io/apiserver/pkg/authorization/metrics"
	"k8s.io/apiserver/pkg/authorization/path"
	"k8s.io/apiserver/pkg/authorization/union"

	"github.com/kapi-dev/kapi/pkg/auth/authorizer/abac"
	"github.com/kapi-dev/kapi/pkg/auth/authorizer/node"
	"github.com/kapi-dev/kapi/pkg/auth/authorizer/rbac"
	"github.com/kapi-dev/kapi/pkg/auth/bootstrappolicy"
)

// modeAuthorizer is an authorizer that can also list the rules it grants.
type modeAuthorizer interface {
	authorizer.Authorizer
	authorizer.RuleResolver
}

// chain is one built authorizer chain and the rule resolver of the same authorizers.
type chain struct {
	authorizer authorizer.Authorizer
	rules      authorizer.RuleResolver
}

// builder builds chains from AuthorizationConfigurations. The RBAC, Node and ABAC authorizers, which
// hold caches fed by informers or a policy read once, are made for the first configuration and shared
// by the chains of its reloads, which must keep them, as kube-apiserver's do.
type builder struct {
	publicPaths authorizer.Authorizer
	rbac        modeAuthorizer
	node        modeAuthorizer
	abac        modeAuthorizer
	// required are the types other than Webhook of the first configuration.
	required sets.Set[apiserver.AuthorizerType]
	compiler authorizationcel.Compiler
}

// newBuilder makes the shared authorizers that initial names.
func newBuilder(c Config, initial *apiserver.AuthorizationConfiguration, compiler authorizationcel.Compiler) (*builder, error) {
	public, err := path.NewAuthorizer(c.PublicPaths)
	if err != nil {
		return nil, err
	}
	b := &builder{publicPaths: public, required: sets.New[apiserver.AuthorizerType](), compiler: compiler}
	for _, a := range initial.Authorizers {
		if a.Type != apiserver.TypeWebhook {
			b.required.Insert(a.Type)
		}
		switch string(a.Type) {
		case ModeRBAC:
			if c.InformerFactory == nil {
				return nil, fmt.Errorf("authorization mode %s needs an informer factory", a.Type)
			}
			b.rbac = rbac.NewFromInformers(c.InformerFactory.Rbac().V1())
		case ModeNode:
			if c.InformerFactory == nil {
				return nil, fmt.Errorf("authorization mode %s needs an informer factory", a.Type)
			}
			graph := node.NewGraph()
			if err := node.Feed(graph, c.InformerFactory); err != nil {
				return nil, err
			}
			b.node = node.New(graph, bootstrappolicy.NodeRules())
		case ModeABAC:
			policies, err := abac.NewFromFile(c.PolicyFile)
			if err != nil {
				return nil, err
			}
			b.abac = policies
		}
	}
	return b, nil
}

// build returns the chain of configuration: the public paths and system:masters, then its authorizers
// in order, each named as configured and counted in kube-apiserver's authorization decision metric.
func (b *builder) build(configuration *apiserver.AuthorizationConfiguration) (*chain, error) {
	named := []union.NamedAuthorizer{
		{AuthorizerName: "public-paths", Authorizer: b.publicPaths},
		{AuthorizerName: "system-masters", Authorizer: authorizerfactory.NewPrivilegedGroups(user.SystemPrivilegedGroup)},
	}
	var resolvers []authorizer.RuleResolver
	for _, a := range configuration.Authorizers {
		member, err := b.member(a)
		if err != nil {
			return nil, err
		}
		named = append(named, union.NamedAuthorizer{
			AuthorizerName: a.Name,
			Authorizer:     authorizationmetrics.InstrumentedAuthorizer(string(a.Type), a.Name, member),
		})
		resolvers = append(resolvers, member)
	}
	authz, err := union.New(named...)
	if err != nil {
		return nil, err
	}
	return &chain{authorizer: authz, rules: union.NewRuleResolvers(resolvers...)}, nil
}

// member returns the authorizer of one entry of a configuration.
func (b *builder) member(a apiserver.AuthorizerConfiguration) (modeAuthorizer, error) {
	switch string(a.Type) {
	case ModeAlwaysAllow:
		return authorizerfactory.NewAlwaysAllowAuthorizer(), nil
	case ModeAlwaysDeny:
		return authorizerfactory.NewAlwaysDenyAuthorizer(), nil
	case ModeRBAC:
		return shared(b.rbac, a.Type)
	case ModeNode:
		return shared(b.node, a.Type)
	case ModeABAC:
		return shared(b.abac, a.Type)
	case ModeWebhook:
		return newWebhook(a, b.compiler)
	default:
		return nil, fmt.Errorf("unknown authorization mode %s specified", a.Type)
	}
}

// shared returns a shared authorizer, which a reload cannot add when the first configuration lacked it.
func shared(a modeAuthorizer, t apiserver.AuthorizerType) (modeAuthorizer, error) {
	if a == nil {
		return nil, fmt.Errorf("authorizer type %s is not allowed if it was not enabled at initial server startup", t)
	}
	return a, nil
}
