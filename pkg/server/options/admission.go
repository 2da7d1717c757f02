package options

import (
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle"
	"k8s.io/apiserver/pkg/admission/plugin/resourcequota"
	genericoptions "k8s.io/apiserver/pkg/server/options"

	"github.com/kapi-dev/kapi/pkg/admission/always"
	"github.com/kapi-dev/kapi/pkg/admission/alwayspullimages"
	"github.com/kapi-dev/kapi/pkg/admission/antiaffinity"
	"github.com/kapi-dev/kapi/pkg/admission/catalog"
	"github.com/kapi-dev/kapi/pkg/admission/certificates/approval"
	"github.com/kapi-dev/kapi/pkg/admission/certificates/ctbattest"
	"github.com/kapi-dev/kapi/pkg/admission/certificates/signing"
	"github.com/kapi-dev/kapi/pkg/admission/certificates/subjectrestriction"
	"github.com/kapi-dev/kapi/pkg/admission/defaultingressclass"
	"github.com/kapi-dev/kapi/pkg/admission/defaultstorageclass"
	"github.com/kapi-dev/kapi/pkg/admission/defaulttolerationseconds"
	"github.com/kapi-dev/kapi/pkg/admission/denyserviceexternalips"
	"github.com/kapi-dev/kapi/pkg/admission/extendedresourcetoleration"
	"github.com/kapi-dev/kapi/pkg/admission/limitranger"
	"github.com/kapi-dev/kapi/pkg/admission/namespace/autoprovision"
	"github.com/kapi-dev/kapi/pkg/admission/namespace/exists"
	"github.com/kapi-dev/kapi/pkg/admission/nodedeclaredfeatures"
	"github.com/kapi-dev/kapi/pkg/admission/noderestriction"
	"github.com/kapi-dev/kapi/pkg/admission/persistentvolumeclaimresize"
	"github.com/kapi-dev/kapi/pkg/admission/podgroupprotection"
	"github.com/kapi-dev/kapi/pkg/admission/podnodeselector"
	"github.com/kapi-dev/kapi/pkg/admission/podresize"
	"github.com/kapi-dev/kapi/pkg/admission/podsecurity"
	"github.com/kapi-dev/kapi/pkg/admission/podtopologylabels"
	"github.com/kapi-dev/kapi/pkg/admission/priority"
	"github.com/kapi-dev/kapi/pkg/admission/runtimeclass"
	"github.com/kapi-dev/kapi/pkg/admission/serviceaccount"
	"github.com/kapi-dev/kapi/pkg/admission/storageobjectinuseprotection"
	"github.com/kapi-dev/kapi/pkg/admission/taintnodesbycondition"

	"github.com/kapi-dev/kapi/pkg/admission/eventratelimit"
	"github.com/kapi-dev/kapi/pkg/admission/imagepolicywebhook"
	"github.com/kapi-dev/kapi/pkg/admission/ownerreferences"
	"github.com/kapi-dev/kapi/pkg/admission/podtolerationrestriction"
)

// implementedPlugins register the admission plugins kapi has.
var implementedPlugins = []func(*admission.Plugins){
	lifecycle.Register,
	always.Register,
	serviceaccount.Register,
	taintnodesbycondition.Register,
	defaulttolerationseconds.Register,
	limitranger.Register,
	priority.Register,
	podsecurity.Register,
	runtimeclass.Register,
	podtopologylabels.Register,
	nodedeclaredfeatures.Register,
	podresize.Register,
	podgroupprotection.Register,
	defaultstorageclass.Register,
	storageobjectinuseprotection.Register,
	persistentvolumeclaimresize.Register,
	defaultingressclass.Register,
	alwayspullimages.Register,
	denyserviceexternalips.Register,
	antiaffinity.Register,
	extendedresourcetoleration.Register,
	autoprovision.Register,
	exists.Register,
	podnodeselector.Register,
	podtolerationrestriction.Register,
	ownerreferences.Register,
	imagepolicywebhook.Register,
	eventratelimit.Register,
	approval.Register,
	signing.Register,
	ctbattest.Register,
	subjectrestriction.Register,
	resourcequota.Register,
	noderestriction.Register,
	registerWebhookAndPolicyPlugins,
}

// newAdmissionOptions knows every kube-apiserver admission plugin name, in kube-apiserver's order,
// and turns on by default those of kube-apiserver's defaults that kapi implements; the plugins kapi
// does not implement refuse to be enabled.
func newAdmissionOptions() *genericoptions.AdmissionOptions {
	o := genericoptions.NewAdmissionOptions()
	o.Plugins = admission.NewPlugins()
	for _, register := range implementedPlugins {
		register(o.Plugins)
	}
	o.DefaultOffPlugins = catalog.DefaultOffPlugins(o.Plugins)
	catalog.RegisterUnimplemented(o.Plugins)
	o.RecommendedPluginOrder = catalog.AllOrderedPlugins
	return o
}
