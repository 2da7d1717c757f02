// Package defaultingressclass is kube-apiserver's DefaultIngressClass admission plugin: an Ingress
// created without a class gets the cluster's default IngressClass, the newest of those annotated as
// default.
package defaultingressclass

import (
	"context"
	"errors"
	"fmt"
	"io"

	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/client-go/informers"
	networkingv1listers "k8s.io/client-go/listers/networking/v1"

	"github.com/kapi-dev/kapi/pkg/admission/internal/defaultclass"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "DefaultIngressClass"

// classAnnotation names an Ingress's class the way ingresses did before spec.ingressClassName; an
// Ingress that has it chose its class.
const classAnnotation = "kubernetes.io/ingress.class"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Handler: admission.NewHandler(admission.Create)}, nil
	})
}

type plugin struct {
	*admission.Handler
	lister networkingv1listers.IngressClassLister
}

var (
	_ admission.MutationInterface                  = &plugin{}
	_ initializer.WantsExternalKubeInformerFactory = &plugin{}
)

func (p *plugin) SetExternalKubeInformerFactory(f informers.SharedInformerFactory) {
	informer := f.Networking().V1().IngressClasses()
	p.lister = informer.Lister()
	p.SetReadyFunc(informer.Informer().HasSynced)
}

func (p *plugin) ValidateInitialization() error {
	if p.lister == nil {
		return errors.New("missing lister")
	}
	return nil
}

var ingressesResource = networkingv1.Resource("ingresses")

// Admit sets the default class on an Ingress that names none.
func (p *plugin) Admit(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.GetResource().GroupResource() != ingressesResource || a.GetSubresource() != "" {
		return nil
	}
	ingress, ok := a.GetObject().(*networkingv1.Ingress)
	if !ok {
		return apierrors.NewInternalError(fmt.Errorf("Expected Ingress resource, got: %v", a.GetKind()))
	}
	if ingress.Spec.IngressClassName != nil {
		return nil
	}
	if _, ok := ingress.Annotations[classAnnotation]; ok {
		return nil
	}
	classes, err := p.lister.List(labels.Everything())
	if err != nil {
		return admission.NewForbidden(a, err)
	}
	if class, ok := defaultclass.Newest(classes, isDefault); ok {
		ingress.Spec.IngressClassName = &class.Name
	}
	return nil
}

func isDefault(class *networkingv1.IngressClass) bool {
	return class.Annotations[networkingv1.AnnotationIsDefaultIngressClass] == "true"
}
