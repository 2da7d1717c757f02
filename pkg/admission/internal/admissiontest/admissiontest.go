// Package admissiontest builds admission attributes for the unit tests of kapi's admission
// plugins.
package admissiontest

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"
)

// Request describes one request to admit.
type Request struct {
	Object, Old runtime.Object
	// Resource defaults to the core group's pods.
	Resource    schema.GroupVersionResource
	Subresource string
	// Kind defaults to Pod.
	Kind            string
	Namespace, Name string
	// Operation defaults to Create.
	Operation admission.Operation
	// User defaults to a user named tester.
	User user.Info
}

// Attributes returns the admission attributes of r.
func (r Request) Attributes() admission.Attributes {
	if r.Resource.Resource == "" {
		r.Resource = corev1.SchemeGroupVersion.WithResource("pods")
	}
	if r.Kind == "" {
		r.Kind = "Pod"
	}
	if r.Operation == "" {
		r.Operation = admission.Create
	}
	if r.User == nil {
		r.User = &user.DefaultInfo{Name: "tester"}
	}
	gvk := r.Resource.GroupVersion().WithKind(r.Kind)
	return admission.NewAttributesRecord(r.Object, r.Old, gvk, r.Namespace, r.Name, r.Resource, r.Subresource, r.Operation, nil, false, r.User)
}

// CreatePod is the attributes of a create of pod.
func CreatePod(pod *corev1.Pod) admission.Attributes {
	return Request{Object: pod, Namespace: pod.Namespace, Name: pod.Name}.Attributes()
}

// NamespaceReader is a plugin that reads namespaces through the generic initializers.
type NamespaceReader interface {
	SetExternalKubeClientSet(kubernetes.Interface)
	SetExternalKubeInformerFactory(informers.SharedInformerFactory)
}

// KnowNamespaces gives p a fake client and a namespace informer that already holds namespaces.
func KnowNamespaces(t testing.TB, p NamespaceReader, namespaces ...*corev1.Namespace) {
	t.Helper()
	client := fake.NewClientset()
	factory := informers.NewSharedInformerFactory(client, 0)
	p.SetExternalKubeClientSet(client)
	p.SetExternalKubeInformerFactory(factory)
	for _, ns := range namespaces {
		if err := factory.Core().V1().Namespaces().Informer().GetStore().Add(ns); err != nil {
			t.Fatal(err)
		}
	}
}
