package server

import (
	"context"

	validatingpolicy "k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/cel/openapi/resolver"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/restmapper"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	"github.com/kapi-dev/kapi/pkg/controller/validatingadmissionpolicystatus"
	generatedopenapi "github.com/kapi-dev/kapi/pkg/generated/openapi"
)

// policyStatusSyncs is --concurrent-validating-admission-policy-status-syncs.
const policyStatusSyncs = 5

// startValidatingAdmissionPolicyStatusController type-checks policies against kapi's own schemas,
// and those of custom resources as discovery serves them.
func startValidatingAdmissionPolicyStatusController(c controllerContext) (func(context.Context), error) {
	discovery := memory.NewMemCacheClient(c.client.Discovery())
	schemas := resolver.NewDefinitionsSchemaResolver(generatedopenapi.GetOpenAPIDefinitions, scheme.ServedVersions()).
		Combine(&resolver.ClientDiscoveryResolver{Discovery: discovery})
	checker := &validatingpolicy.TypeChecker{SchemaResolver: schemas, RestMapper: restmapper.NewDeferredDiscoveryRESTMapper(discovery)}
	ctrl, err := validatingadmissionpolicystatus.New(c.informers.Admissionregistration().V1().ValidatingAdmissionPolicies(), c.client.AdmissionregistrationV1(), checker)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) { ctrl.Run(ctx, policyStatusSyncs) }, nil
}
