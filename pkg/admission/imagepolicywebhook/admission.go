// Package imagepolicywebhook is kube-apiserver's ImagePolicyWebhook admission plugin: the images of
// a pod are sent, as an imagepolicy.k8s.io/v1alpha1 ImageReview, to a webhook that allows or
// denies them; decisions are cached, and when the webhook cannot be reached the configuration
// says whether pods are allowed, the request's audit event marked as having failed open.
//
// Upstream also sets the pod annotation alpha.image-policy.k8s.io/failed-open, but on the copy of
// the pod that validating admission sees, so it never reaches storage; kapi leaves it out.
package imagepolicywebhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	imagepolicyv1alpha1 "k8s.io/api/imagepolicy/v1alpha1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/cache"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/util/webhook"
	"k8s.io/client-go/rest"
	"k8s.io/klog/v2"

	kapischeme "github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "ImagePolicyWebhook"

const (
	// AuditKeyPrefix starts the audit annotations the plugin adds, among them those the webhook
	// returns.
	AuditKeyPrefix = "imagepolicywebhook.image-policy.k8s.io/"
	// failedOpenSuffix is the audit annotation, after AuditKeyPrefix, of a request that failed open.
	failedOpenSuffix = "failed-open"
	// reviewedAnnotations is what a pod annotation's key contains for the webhook to see it.
	reviewedAnnotations = ".image-policy.k8s.io/"
)

// cacheSize is how many decisions are remembered.
const cacheSize = 1024

var (
	scheme = func() *runtime.Scheme {
		s := runtime.NewScheme()
		utilruntime.Must(kapischeme.AddVersionAsHub(s, imagepolicyv1alpha1.SchemeGroupVersion, imagepolicyv1alpha1.AddToScheme))
		return s
	}()
	codecs = serializer.NewCodecFactory(scheme)
)

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(r io.Reader) (admission.Interface, error) {
		config, err := readConfig(r)
		if err != nil {
			return nil, err
		}
		return newPlugin(config)
	})
}

type plugin struct {
	*admission.Handler
	webhook           *webhook.GenericWebhook
	decisions         *cache.LRUExpireCache
	allowTTL, denyTTL time.Duration
	defaultAllow      bool
}

var _ admission.ValidationInterface = &plugin{}

func newPlugin(c webhookConfig) (*plugin, error) {
	client, err := webhook.LoadKubeconfig(c.KubeConfigFile, nil)
	if err != nil {
		return nil, err
	}
	hook, err := webhook.NewGenericWebhook(scheme, codecs, client, []schema.GroupVersion{imagepolicyv1alpha1.SchemeGroupVersion}, webhook.DefaultRetryBackoffWithInitialDelay(c.RetryBackoff))
	if err != nil {
		return nil, err
	}
	return &plugin{
		Handler:      admission.NewHandler(admission.Create, admission.Update),
		webhook:      hook,
		decisions:    cache.NewLRUExpireCache(cacheSize),
		allowTTL:     c.AllowTTL,
		denyTTL:      c.DenyTTL,
		defaultAllow: c.DefaultAllow,
	}, nil
}

var podsResource = corev1.Resource("pods")

// Validate asks the webhook about the images of a pod, or of the ephemeral containers added to it.
func (p *plugin) Validate(ctx context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	sub := a.GetSubresource()
	if a.GetResource().GroupResource() != podsResource || (sub != "" && sub != "ephemeralcontainers") {
		return nil
	}
	pod, ok := a.GetObject().(*corev1.Pod)
	if !ok {
		return apierrors.NewBadRequest("Resource was marked with kind Pod but was unable to be converted")
	}
	review := &imagepolicyv1alpha1.ImageReview{Spec: imagepolicyv1alpha1.ImageReviewSpec{
		Containers:  images(pod, sub),
		Annotations: reviewed(pod.Annotations),
		Namespace:   a.GetNamespace(),
	}}
	if err := p.review(ctx, a, review); err != nil {
		return admission.NewForbidden(a, err)
	}
	return nil
}

// images lists the containers then the init containers of a pod, or for the ephemeralcontainers
// subresource its ephemeral containers.
func images(pod *corev1.Pod, sub string) []imagepolicyv1alpha1.ImageReviewContainerSpec {
	var specs []imagepolicyv1alpha1.ImageReviewContainerSpec
	if sub != "" {
		for _, c := range pod.Spec.EphemeralContainers {
			specs = append(specs, imagepolicyv1alpha1.ImageReviewContainerSpec{Image: c.Image})
		}
		return specs
	}
	for _, list := range [][]corev1.Container{pod.Spec.Containers, pod.Spec.InitContainers} {
		for _, c := range list {
			specs = append(specs, imagepolicyv1alpha1.ImageReviewContainerSpec{Image: c.Image})
		}
	}
	return specs
}

// reviewed keeps the annotations meant for image policy, of the form *.image-policy.k8s.io/*.
func reviewed(annotations map[string]string) map[string]string {
	kept := map[string]string{}
	for k, v := range annotations {
		if strings.Contains(k, reviewedAnnotations) {
			kept[k] = v
		}
	}
	return kept
}

// review returns the webhook's, possibly cached, refusal of review, or what its failure means.
func (p *plugin) review(ctx context.Context, a admission.Attributes, review *imagepolicyv1alpha1.ImageReview) error {
	key, err := json.Marshal(review.Spec)
	if err != nil {
		return err
	}
	if status, ok := p.decisions.Get(string(key)); ok {
		review.Status = status.(imagepolicyv1alpha1.ImageReviewStatus)
	} else {
		result := p.webhook.WithExponentialBackoff(ctx, func() rest.Result {
			return p.webhook.RestClient.Post().Body(review).Do(ctx)
		})
		if err := result.Error(); err != nil {
			return p.failed(a, err)
		}
		var code int
		if result.StatusCode(&code); code < 200 || code >= 300 {
			return p.failed(a, fmt.Errorf("Error contacting webhook: %d", code)) //nolint:staticcheck // kube-apiserver's text, capital and all.
		}
		if err := result.Into(review); err != nil {
			return p.failed(a, err)
		}
		ttl := p.denyTTL
		if review.Status.Allowed {
			ttl = p.allowTTL
		}
		p.decisions.Add(string(key), review.Status, ttl)
	}
	for k, v := range review.Status.AuditAnnotations {
		if err := a.AddAnnotation(AuditKeyPrefix+k, v); err != nil {
			klog.Warningf("failed to set admission audit annotation %s to %s: %v", AuditKeyPrefix+k, v, err)
		}
	}
	if review.Status.Allowed {
		return nil
	}
	if review.Status.Reason != "" {
		return fmt.Errorf("image policy webhook backend denied one or more images: %s", review.Status.Reason)
	}
	return errors.New("one or more images rejected by webhook backend")
}

// failed admits the pod despite the webhook's failure if the configuration says so, marking the
// request's audit event, and refuses it otherwise.
func (p *plugin) failed(a admission.Attributes, err error) error {
	klog.V(2).Infof("error contacting image policy webhook backend: %v", err)
	if !p.defaultAllow {
		return admission.NewForbidden(a, err)
	}
	if err := a.AddAnnotation(AuditKeyPrefix+failedOpenSuffix, "true"); err != nil {
		klog.Warningf("failed to set admission audit annotation %s: %v", AuditKeyPrefix+failedOpenSuffix, err)
	}
	return nil
}
