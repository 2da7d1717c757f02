// Package ownerreferences is kube-apiserver's OwnerReferencesPermissionEnforcement admission
// plugin: who changes an object's ownerReferences must be allowed to delete the object, and who
// sets blockOwnerDeletion on a reference, which keeps the owner from being deleted in the
// foreground until the dependent is gone, must be allowed to update the owner's finalizers.
package ownerreferences

import (
	"context"
	"errors"
	"fmt"
	"io"

	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "OwnerReferencesPermissionEnforcement"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Handler: admission.NewHandler(admission.Create, admission.Update)}, nil
	})
}

type plugin struct {
	*admission.Handler
	authorizer authorizer.UnconditionalAuthorizer
	mapper     meta.RESTMapper
}

var (
	_ admission.ValidationInterface            = &plugin{}
	_ initializer.WantsUnconditionalAuthorizer = &plugin{}
	_ initializer.WantsRESTMapper              = &plugin{}
)

// SetUnconditionalAuthorizer takes the server's authorizer.
func (p *plugin) SetUnconditionalAuthorizer(a authorizer.UnconditionalAuthorizer) { p.authorizer = a }

// SetRESTMapper takes the mapper that finds an owner's resource from its kind.
func (p *plugin) SetRESTMapper(m meta.RESTMapper) { p.mapper = m }

// ValidateInitialization checks that both were given.
func (p *plugin) ValidateInitialization() error {
	if p.authorizer == nil {
		return errors.New("missing authorizer")
	}
	if p.mapper == nil {
		return errors.New("missing restMapper")
	}
	return nil
}

// podStatus is left alone: the kubelet writes it and keeps the pod's references as they are.
var podStatus = schema.GroupResource{Resource: "pods"}

// Validate checks the permissions that changing an object's ownerReferences needs.
func (p *plugin) Validate(ctx context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.GetResource().GroupResource() == podStatus && a.GetSubresource() == "status" {
		return nil
	}
	if !changesOwnerReferences(a.GetObject(), a.GetOldObject()) {
		return nil
	}
	// Who creates an object could as well not have created it, so may give it any owner; the
	// power to delete it does not extend to blocking its owners' deletion, checked below.
	if a.GetOperation() != admission.Create {
		decision, reason, err := p.authorizer.Authorize(ctx, deleteRecord(a))
		if decision != authorizer.DecisionAllow {
			return admission.NewForbidden(a, fmt.Errorf("cannot set an ownerRef on a resource you can't delete: %v, %v", reason, err))
		}
	}
	refs := newlyBlocking(a.GetObject(), a.GetOldObject())
	if len(refs) == 0 {
		return nil
	}
	// One check for whoever may finalize anything spares the mapper's discovery for them.
	if decision, _, _ := p.authorizer.Authorize(ctx, finalizersRecord(a.GetUserInfo(), "*", "*", "*", "*", "")); decision == authorizer.DecisionAllow {
		return nil
	}
	for _, ref := range refs {
		records, err := p.ownerRecords(ref, a)
		if err != nil {
			return admission.NewForbidden(a, fmt.Errorf("cannot set blockOwnerDeletion in this case because cannot find RESTMapping for APIVersion %s Kind %s: %v", ref.APIVersion, ref.Kind, err))
		}
		for _, record := range records {
			decision, reason, err := p.authorizer.Authorize(ctx, record)
			if decision != authorizer.DecisionAllow {
				return admission.NewForbidden(a, fmt.Errorf("cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: %v, %v", reason, err))
			}
		}
	}
	return nil
}

func deleteRecord(a admission.Attributes) authorizer.AttributesRecord {
	r := a.GetResource()
	return authorizer.AttributesRecord{
		User: a.GetUserInfo(), Verb: "delete", Namespace: a.GetNamespace(),
		APIGroup: r.Group, APIVersion: r.Version, Resource: r.Resource, Subresource: a.GetSubresource(),
		Name: a.GetName(), ResourceRequest: true,
	}
}

func finalizersRecord(u user.Info, group, version, resource, name, namespace string) authorizer.AttributesRecord {
	return authorizer.AttributesRecord{
		User: u, Verb: "update", Namespace: namespace,
		APIGroup: group, APIVersion: version, Resource: resource, Subresource: "finalizers",
		Name: name, ResourceRequest: true,
	}
}

// ownerRecords are the finalizer updates ref's owner needs, one for each resource its kind maps
// to; a namespaced owner lives in the dependent's namespace.
func (p *plugin) ownerRecords(ref metav1.OwnerReference, a admission.Attributes) ([]authorizer.AttributesRecord, error) {
	gv, err := schema.ParseGroupVersion(ref.APIVersion)
	if err != nil {
		return nil, err
	}
	mappings, err := p.mapper.RESTMappings(schema.GroupKind{Group: gv.Group, Kind: ref.Kind}, gv.Version)
	if err != nil {
		return nil, err
	}
	records := make([]authorizer.AttributesRecord, 0, len(mappings))
	for _, m := range mappings {
		namespace := ""
		if m.Scope.Name() == meta.RESTScopeNameNamespace {
			namespace = a.GetNamespace()
		}
		records = append(records, finalizersRecord(a.GetUserInfo(), m.Resource.Group, m.Resource.Version, m.Resource.Resource, ref.Name, namespace))
	}
	return records, nil
}

// changesOwnerReferences tells whether a create sets references or an update changes them.
func changesOwnerReferences(obj, old runtime.Object) bool {
	newMeta, err := meta.Accessor(obj)
	if err != nil {
		return false
	}
	if old == nil {
		return len(newMeta.GetOwnerReferences()) > 0
	}
	oldMeta, err := meta.Accessor(old)
	if err != nil {
		return false
	}
	// Semantic equality takes a nil list for an empty one.
	return !apiequality.Semantic.DeepEqual(oldMeta.GetOwnerReferences(), newMeta.GetOwnerReferences())
}

// newlyBlocking are obj's references that block their owner's deletion and did not in old: new
// ones, and those whose blockOwnerDeletion became true.
func newlyBlocking(obj, old runtime.Object) []metav1.OwnerReference {
	newMeta, err := meta.Accessor(obj)
	if err != nil {
		return nil
	}
	before := map[types.UID]metav1.OwnerReference{}
	if old != nil {
		if oldMeta, err := meta.Accessor(old); err == nil {
			for _, ref := range oldMeta.GetOwnerReferences() {
				before[ref.UID] = ref
			}
		}
	}
	var refs []metav1.OwnerReference
	for _, ref := range newMeta.GetOwnerReferences() {
		if !blocks(ref) {
			continue
		}
		if was, ok := before[ref.UID]; !ok || !blocks(was) {
			refs = append(refs, ref)
		}
	}
	return refs
}

func blocks(ref metav1.OwnerReference) bool {
	return ref.BlockOwnerDeletion != nil && *ref.BlockOwnerDeletion
}
