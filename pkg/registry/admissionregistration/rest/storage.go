// Package rest assembles the admissionregistration.k8s.io API group kapi serves: v1 webhook
// configurations, validating admission policies (with status) and mutating admission policies, and
// their bindings.
package rest

import (
	"context"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/restmapper"

	_ "github.com/kapi-dev/kapi/pkg/apis/admissionregistration/install"
	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/mutatingadmissionpolicy"
	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/mutatingadmissionpolicybinding"
	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/mutatingwebhookconfiguration"
	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/paramauthz"
	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/store"
	vapstore "github.com/kapi-dev/kapi/pkg/registry/admissionregistration/validatingadmissionpolicy/storage"
	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/validatingadmissionpolicybinding"
	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/validatingwebhookconfiguration"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
)

// Provider builds the admissionregistration.k8s.io group.
type Provider struct {
	// RESTOptionsGetter gives the storage of each resource.
	RESTOptionsGetter generic.RESTOptionsGetter
	// Authorizer decides whether the author of a policy may read its parameters.
	Authorizer authorizer.Authorizer
	// Client reads the policy of a binding, and finds the resource of a policy's paramKind.
	Client kubernetes.Interface
}

var _ apigroup.Provider = Provider{}

// GroupName is admissionregistration.k8s.io.
func (Provider) GroupName() string { return admissionregistrationv1.GroupName }

// NewRESTStorage returns the admissionregistration.k8s.io/v1 resources that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	gv := admissionregistrationv1.SchemeGroupVersion
	params := paramauthz.Checker{Authorizer: p.Authorizer, Mapper: restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(p.Client.Discovery()))}
	b := apigroup.NewBuilder(admissionregistrationv1.GroupName, resources)
	for _, r := range []store.Resource{
		{
			Plural: "validatingwebhookconfigurations", Singular: "validatingwebhookconfiguration",
			New:      func() runtime.Object { return &admissionregistrationv1.ValidatingWebhookConfiguration{} },
			NewList:  func() runtime.Object { return &admissionregistrationv1.ValidatingWebhookConfigurationList{} },
			Strategy: validatingwebhookconfiguration.Strategy, Table: validatingwebhookconfiguration.NewTableConvertor(),
		},
		{
			Plural: "mutatingwebhookconfigurations", Singular: "mutatingwebhookconfiguration",
			New:      func() runtime.Object { return &admissionregistrationv1.MutatingWebhookConfiguration{} },
			NewList:  func() runtime.Object { return &admissionregistrationv1.MutatingWebhookConfigurationList{} },
			Strategy: mutatingwebhookconfiguration.Strategy, Table: mutatingwebhookconfiguration.NewTableConvertor(),
		},
		{
			Plural: "validatingadmissionpolicybindings", Singular: "validatingadmissionpolicybinding",
			New:     func() runtime.Object { return &admissionregistrationv1.ValidatingAdmissionPolicyBinding{} },
			NewList: func() runtime.Object { return &admissionregistrationv1.ValidatingAdmissionPolicyBindingList{} },
			Strategy: paramauthz.WrapBinding(validatingadmissionpolicybinding.Strategy, params, paramauthz.BindingRules[*admissionregistrationv1.ValidatingAdmissionPolicyBinding]{
				Of: func(b *admissionregistrationv1.ValidatingAdmissionPolicyBinding) paramauthz.Binding {
					return paramauthz.Binding{PolicyName: b.Spec.PolicyName, ParamRef: b.Spec.ParamRef}
				},
				ParamKind: func(ctx context.Context, name string) *admissionregistrationv1.ParamKind {
					if policy, err := p.Client.AdmissionregistrationV1().ValidatingAdmissionPolicies().Get(ctx, name, metav1.GetOptions{}); err == nil {
						return policy.Spec.ParamKind
					}
					return nil
				},
				Denied: paramauthz.DeniedValidating,
			}),
			Table: validatingadmissionpolicybinding.NewTableConvertor(),
		},
		{
			Plural: "mutatingadmissionpolicies", Singular: "mutatingadmissionpolicy",
			New:     func() runtime.Object { return &admissionregistrationv1.MutatingAdmissionPolicy{} },
			NewList: func() runtime.Object { return &admissionregistrationv1.MutatingAdmissionPolicyList{} },
			Strategy: paramauthz.Wrap(mutatingadmissionpolicy.Strategy, params, func(p *admissionregistrationv1.MutatingAdmissionPolicy) *admissionregistrationv1.ParamKind {
				return p.Spec.ParamKind
			}),
			Table: mutatingadmissionpolicy.NewTableConvertor(),
		},
		{
			Plural: "mutatingadmissionpolicybindings", Singular: "mutatingadmissionpolicybinding",
			New:     func() runtime.Object { return &admissionregistrationv1.MutatingAdmissionPolicyBinding{} },
			NewList: func() runtime.Object { return &admissionregistrationv1.MutatingAdmissionPolicyBindingList{} },
			Strategy: paramauthz.WrapBinding(mutatingadmissionpolicybinding.Strategy, params, paramauthz.BindingRules[*admissionregistrationv1.MutatingAdmissionPolicyBinding]{
				Of: func(b *admissionregistrationv1.MutatingAdmissionPolicyBinding) paramauthz.Binding {
					return paramauthz.Binding{PolicyName: b.Spec.PolicyName, ParamRef: b.Spec.ParamRef}
				},
				ParamKind: func(ctx context.Context, name string) *admissionregistrationv1.ParamKind {
					if policy, err := p.Client.AdmissionregistrationV1().MutatingAdmissionPolicies().Get(ctx, name, metav1.GetOptions{}); err == nil {
						return policy.Spec.ParamKind
					}
					return nil
				},
				Denied: paramauthz.DeniedMutating,
			}),
			Table: mutatingadmissionpolicybinding.NewTableConvertor(),
		},
	} {
		b.Add(gv, r.Plural, p.storageOf(r))
	}
	// Policies alone have a status, which the type-checking controller writes.
	b.Add(gv, "validatingadmissionpolicies", func() (map[string]rest.Storage, error) {
		s, err := vapstore.NewStorage(p.RESTOptionsGetter, params)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"validatingadmissionpolicies": s.ValidatingAdmissionPolicy, "validatingadmissionpolicies/status": s.Status}, nil
	})
	return b.Result()
}

// storageOf builds the storage of a resource without subresources.
func (p Provider) storageOf(r store.Resource) apigroup.ResourceStorage {
	return func() (map[string]rest.Storage, error) {
		s, err := store.NewREST(p.RESTOptionsGetter, r)
		return apigroup.One(r.Plural, s, err)
	}
}
