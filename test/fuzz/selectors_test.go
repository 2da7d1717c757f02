package fuzz

import (
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	certificatesv1 "k8s.io/api/certificates/v1"
	corev1 "k8s.io/api/core/v1"
	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/storage"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	"github.com/kapi-dev/kapi/pkg/registry/batch/job"
	"github.com/kapi-dev/kapi/pkg/registry/certificates/certificatesigningrequest"
	"github.com/kapi-dev/kapi/pkg/registry/certificates/clustertrustbundle"
	"github.com/kapi-dev/kapi/pkg/registry/certificates/podcertificaterequest"
	"github.com/kapi-dev/kapi/pkg/registry/core/event"
	"github.com/kapi-dev/kapi/pkg/registry/core/namespace"
	"github.com/kapi-dev/kapi/pkg/registry/core/node"
	"github.com/kapi-dev/kapi/pkg/registry/core/pod"
	"github.com/kapi-dev/kapi/pkg/registry/core/replicationcontroller"
	"github.com/kapi-dev/kapi/pkg/registry/core/secret"
	"github.com/kapi-dev/kapi/pkg/registry/core/service"
	"github.com/kapi-dev/kapi/pkg/registry/resource/resourceslice"
)

// selectable is a kind with fields of its own to select on, and an object of it to match.
type selectable struct {
	object runtime.Object
	attrs  storage.AttrFunc
}

var selectables = []selectable{
	{&corev1.Pod{ObjectMeta: meta(), Spec: corev1.PodSpec{NodeName: "n1", ServiceAccountName: "default"}, Status: corev1.PodStatus{Phase: corev1.PodRunning, PodIP: "10.0.0.1"}}, pod.GetAttrs},
	{&corev1.Node{ObjectMeta: meta(), Spec: corev1.NodeSpec{Unschedulable: true}}, node.GetAttrs},
	{&corev1.Event{ObjectMeta: meta(), InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "p"}, Reason: "Started", Type: corev1.EventTypeNormal}, event.GetAttrs},
	{&corev1.Secret{ObjectMeta: meta(), Type: corev1.SecretTypeOpaque}, secret.GetAttrs},
	{&corev1.Namespace{ObjectMeta: meta(), Status: corev1.NamespaceStatus{Phase: corev1.NamespaceActive}}, namespace.GetAttrs},
	{&corev1.Service{ObjectMeta: meta(), Spec: corev1.ServiceSpec{ClusterIP: "10.0.0.10", Type: corev1.ServiceTypeClusterIP}}, service.GetAttrs},
	{&corev1.ReplicationController{ObjectMeta: meta(), Status: corev1.ReplicationControllerStatus{Replicas: 1}}, replicationcontroller.GetAttrs},
	{&batchv1.Job{ObjectMeta: meta(), Status: batchv1.JobStatus{Succeeded: 1}}, job.GetAttrs},
	{&certificatesv1.CertificateSigningRequest{ObjectMeta: meta(), Spec: certificatesv1.CertificateSigningRequestSpec{SignerName: "kubernetes.io/kube-apiserver-client"}}, certificatesigningrequest.GetAttrs},
	{&certificatesv1.PodCertificateRequest{ObjectMeta: meta(), Spec: certificatesv1.PodCertificateRequestSpec{SignerName: "example.com/s", NodeName: "n1"}}, podcertificaterequest.GetAttrs},
	{&certificatesv1.ClusterTrustBundle{ObjectMeta: meta(), Spec: certificatesv1.ClusterTrustBundleSpec{SignerName: "example.com/s"}}, clustertrustbundle.GetAttrs},
	{&resourcev1.ResourceSlice{ObjectMeta: meta(), Spec: resourcev1.ResourceSliceSpec{Driver: "d.example.com", NodeName: ptr("n1")}}, resourceslice.GetAttrs},
}

func meta() metav1.ObjectMeta {
	return metav1.ObjectMeta{Name: "o", Namespace: "default", Labels: map[string]string{"app": "web", "tier": "front"}}
}

func ptr[T any](v T) *T { return &v }

// FuzzSelectors parses a label and a field selector as a list request's query does, converts each
// field through the kind's field label conversion, and matches an object of the kind with them.
// Whatever the selectors, this must not panic, and a selector the parser took must print as one it
// takes again.
func FuzzSelectors(f *testing.F) {
	for i := range selectables {
		f.Add(uint16(i), "app=web,tier!=back", "metadata.name=o")
		f.Add(uint16(i), "app in (web,api),!canary", "spec.nodeName=n1,status.phase!=Failed")
		f.Add(uint16(i), "x", "spec.signerName=example.com/s")
	}
	f.Fuzz(func(t *testing.T, which uint16, labelText, fieldText string) {
		s := selectables[int(which)%len(selectables)]
		label, err := labels.Parse(labelText)
		if err != nil {
			return
		}
		if _, err := labels.Parse(label.String()); err != nil {
			t.Fatalf("label selector %q prints as %q, which does not parse: %v", labelText, label.String(), err)
		}
		field, err := fields.ParseSelector(fieldText)
		if err != nil {
			return
		}
		gvks, _, err := scheme.Scheme.ObjectKinds(s.object)
		if err != nil {
			t.Fatal(err)
		}
		field, err = field.Transform(func(f, v string) (string, string, error) {
			return scheme.Scheme.ConvertFieldLabel(gvks[0], f, v)
		})
		if err != nil {
			return
		}
		predicate := storage.SelectionPredicate{Label: label, Field: field, GetAttrs: s.attrs}
		_, _ = predicate.Matches(s.object)
	})
}
